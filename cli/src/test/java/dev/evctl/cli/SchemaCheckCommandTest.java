package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `evctl schema check` offline, against a real git history and a directory. */
@Tag("integration")
class SchemaCheckCommandTest {

    private static final String V1 = """
            {"type": "record", "name": "Order", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "total", "type": "int"}
             ]}
            """;
    private static final String V2 = """
            {"type": "record", "name": "Order", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "total", "type": "long"},
               {"name": "note", "type": "string", "default": ""}
             ]}
            """;
    /** Breaks BACKWARD twice: total long -> int, and a new field without a default on line 6. */
    private static final String V3 = """
            {"type": "record", "name": "Order", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "total", "type": "int"},
               {"name": "note", "type": "string", "default": ""},
               {"name": "currency", "type": "string"}
             ]}
            """;

    @TempDir
    Path repo;

    private Evctl evctl;
    private Path schema;

    private void git(String... args) throws Exception {
        Git.run(repo, args);
    }

    @BeforeEach
    void history() throws Exception {
        evctl = new Evctl(repo);
        schema = repo.resolve("schemas/order.avsc");
        Files.createDirectories(schema.getParent());
        git("init", "-q");
        Files.writeString(schema, V1);
        git("add", ".");
        git("commit", "-q", "-m", "v1");
        Files.writeString(schema, V2);
        git("commit", "-q", "-am", "v2");
    }

    @Test
    void everyReasonIsListedWithFileLinePathAndVersion() throws Exception {
        Files.writeString(schema, V3);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "-f", schema.toString(), "--against", "git:HEAD");
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.get(0)
                        .startsWith(schema
                                + ":4: TYPE_MISMATCH at /fields/1/type: the new schema cannot read "
                                + "data written with version 2"),
                r.out());
        assertTrue(lines.get(1).startsWith(schema + ":6: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/3"), r.out());
        assertTrue(lines.get(2).contains("order: BACKWARD — INCOMPATIBLE, 2 problems"), r.out());
    }

    @Test
    void compatibleChangesPassAndTransitiveLevelsSeeOlderCommits() throws Exception {
        evctl.ok("schema", "check", "-f", schema.toString(), "--against", "git:HEAD~1");
        // total as long, no note field: BACKWARD against v2 passes (the dropped field is ignored); v1's reader
        // (total int) cannot read it, which only FORWARD_TRANSITIVE reaches.
        Files.writeString(schema, V1.replace("\"int\"", "\"long\""));
        evctl.ok("schema", "check", "-f", schema.toString(), "--against", "git:HEAD", "--level", "BACKWARD");
        JsonNode json = new ObjectMapper()
                .readTree(evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "check",
                                "-f",
                                schema.toString(),
                                "--against",
                                "git:HEAD",
                                "--level",
                                "FORWARD_TRANSITIVE",
                                "-o",
                                "json")
                        .out());
        assertEquals(
                1,
                json.get("subjects")
                        .get(0)
                        .get("incompatibilities")
                        .get(0)
                        .get("oldVersion")
                        .asInt(),
                "a transitive check reaches the first commit");
        // the document's fields, in order, are a contract; -o yaml is the same document
        assertEquals(List.of("compatible", "passed", "subjects"), Evctl.fields(json));
        assertEquals(
                List.of(
                        "subject",
                        "file",
                        "level",
                        "compatible",
                        "passed",
                        "checked",
                        "versionsChecked",
                        "note",
                        "incompatibilities"),
                Evctl.fields(json.get("subjects").get(0)));
        assertEquals(
                List.of("type", "path", "line", "oldVersion", "direction", "message"),
                Evctl.fields(
                        json.get("subjects").get(0).get("incompatibilities").get(0)));
        JsonNode yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "check",
                                "-f",
                                schema.toString(),
                                "--against",
                                "git:HEAD",
                                "--level",
                                "FORWARD_TRANSITIVE",
                                "-o",
                                "yaml")
                        .out());
        assertEquals(json, yaml);
    }

    @Test
    void newFilesPassWithANoteAndDirectoriesWork() throws Exception {
        Path fresh = repo.resolve("schemas/new.avsc");
        Files.writeString(fresh, V1);
        assertTrue(evctl.ok("schema", "check", "-f", fresh.toString(), "--against", "git:HEAD")
                .out()
                .contains("new subject"));

        Path released = repo.resolve("released");
        Files.createDirectories(released.resolve("schemas"));
        // the baseline mirrors the repository: schemas/order.avsc was released as released/schemas/order.avsc
        Files.writeString(released.resolve("schemas/order.avsc"), V2);
        Files.writeString(schema, V3);
        evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "-f", schema.toString(), "--against", "dir:" + released);
    }

    @Test
    void junitAndGithubOutputsCarryEveryReason() throws Exception {
        Files.writeString(schema, V3);
        Path report = repo.resolve("build/schema.xml");
        evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                schema.toString(),
                "--against",
                "git:HEAD",
                "-o",
                "junit",
                "--report",
                report.toString());
        String xml = Files.readString(report);
        assertTrue(xml.contains("<testsuite name=\"evctl schema check\" tests=\"1\" failures=\"1\">"), xml);
        assertTrue(xml.contains("READER_FIELD_MISSING_DEFAULT_VALUE") && xml.contains("TYPE_MISMATCH"), xml);

        List<String> annotations = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "check",
                        "-f",
                        schema.toString(),
                        "--against",
                        "git:HEAD",
                        "-o",
                        "github")
                .out()
                .lines()
                .toList();
        assertEquals(2, annotations.size(), annotations.toString());
        // GitHub attaches annotations to paths relative to the repository root
        assertTrue(
                annotations
                        .get(1)
                        .startsWith(
                                "::error file=schemas/order.avsc,line=6,title=READER_FIELD_MISSING_DEFAULT_VALUE::"),
                annotations.get(1));
    }

    @Test
    void aMappingFileDeclaresSubjectsOnceWithGlobs() throws Exception {
        Files.writeString(schema, V3);
        Path events = repo.resolve("schemas/events");
        Files.createDirectories(events);
        Files.writeString(events.resolve("clicked.avsc"), V1.replace("Order", "Clicked"));
        Files.writeString(events.resolve("viewed.avsc"), V1.replace("Order", "Viewed"));
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, """
                schemas:
                  - subject: orders-value
                    file: schemas/order.avsc
                  - files: "schemas/events/*.avsc"
                """);
        JsonNode json = new ObjectMapper()
                .readTree(evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "check",
                                "--schemas",
                                mapping.toString(),
                                "--against",
                                "git:HEAD",
                                "-o",
                                "json")
                        .out());
        List<String> subjects = new ArrayList<>();
        json.get("subjects")
                .forEach(r -> subjects.add(
                        r.get("subject").asText() + "=" + r.get("compatible").asBoolean()));
        assertEquals(List.of("orders-value=false", "clicked-value=true", "viewed-value=true"), subjects);

        Files.writeString(mapping, "schemas:\n  - file: schemas/order.avsc\n");
        assertTrue(evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "schema",
                        "check",
                        "--schemas",
                        mapping.toString(),
                        "--against",
                        "git:HEAD")
                .err()
                .contains("evctl-schemas.yaml:2 (schemas[0]): 'file' needs a 'subject'"));

        // two globs that name one subject: which entry's level and references would hold? neither, said with both
        Files.writeString(mapping, """
                schemas:
                  - files: "schemas/events/*.avsc"
                  - files: "schemas/events/c*.avsc"
                    level: FULL
                """);
        Evctl.Result twice = evctl.expect(
                ExitCodes.BAD_INPUT, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertEquals(
                List.of("evctl: error: " + mapping + ":3 (schemas[1]): subject 'clicked-value'"
                        + " (schemas/events/clicked.avsc) is declared already at " + mapping + ":2 (schemas[0])"
                        + " (schemas/events/clicked.avsc): declare each subject once"),
                twice.err().lines().filter(l -> l.startsWith("evctl: error")).toList());
    }

    @Test
    void diffListsChangesByFieldName() throws Exception {
        Path before = repo.resolve("v2.avsc");
        Path after = repo.resolve("v3.avsc");
        Files.writeString(before, V2);
        Files.writeString(after, V3);
        List<String> changes = evctl.expect(
                        ExitCodes.CHECK_FAILED, "schema", "diff", "-f", before.toString(), "-f", after.toString())
                .out()
                .lines()
                .toList();
        assertEquals(List.of("~ Order.total: long -> int", "+ Order.currency: string, no default"), changes);
        assertTrue(evctl.ok("schema", "diff", "-f", before.toString(), "-f", before.toString())
                .err()
                .contains("no structural difference"));
    }

    @Test
    void invalidSchemaFilesAreBadInputWithALine() throws Exception {
        Files.writeString(
                schema,
                "{\"type\": \"record\",\n \"name\": \"Order\",\n \"fields\": [\n  {\"name\": \"id\" \"type\": "
                        + "\"string\"}]}");
        Evctl.Result r =
                evctl.expect(ExitCodes.BAD_INPUT, "schema", "check", "-f", schema.toString(), "--against", "git:HEAD");
        assertTrue(r.err().contains(schema + ":4: invalid JSON"), r.err());
        Files.writeString(
                schema,
                "{\"type\": \"record\", \"name\": \"Order\",\n \"fields\": [\n  {\"name\": \"a\", \"type\": "
                        + "\"nope\"}]}");
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT, "schema", "check", "-f", schema.toString(), "--against", "git:HEAD")
                .err();
        assertTrue(err.contains(schema + ":3: invalid schema: unknown type 'nope'"), err);
        evctl.expect(ExitCodes.USAGE, "schema", "check", "-f", schema.toString(), "--against", "svn:trunk");
    }

    /** A dir: baseline found through the mapping file (whose paths are absolute once read): no false "new subject". */
    @Test
    void aDirectoryBaselineIsFoundForMappedSubjectsAndAMissingOneIsAnError() throws Exception {
        Files.writeString(schema, V3);
        Path released = repo.resolve("released");
        Files.createDirectories(released.resolve("schemas"));
        Files.writeString(released.resolve("schemas/order.avsc"), V2);
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "--schemas",
                mapping.toString(),
                "--against",
                "dir:" + released);
        assertTrue(r.out().contains("orders-value: BACKWARD — INCOMPATIBLE"), r.out());

        Evctl.Result typo = evctl.expect(
                ExitCodes.USAGE,
                "schema",
                "check",
                "--schemas",
                mapping.toString(),
                "--against",
                "dir:" + repo.resolve("relased"));
        assertTrue(typo.err().contains("no such directory"), typo.err());
    }

    @Test
    void requireBaselineFailsASubjectWithNothingToCheckAgainst() throws Exception {
        Path fresh = repo.resolve("schemas/new.avsc");
        Files.writeString(fresh, V1);
        Evctl.Result passed = evctl.ok("schema", "check", "-f", fresh.toString(), "--against", "git:HEAD");
        assertTrue(passed.err().contains("1 with no earlier version to check against"), passed.err());
        Evctl.Result failed = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                fresh.toString(),
                "--against",
                "git:HEAD",
                "--require-baseline");
        assertTrue(failed.out().contains("NO BASELINE"), failed.out());
        Path report = repo.resolve("build/baseline.xml");
        evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                fresh.toString(),
                "--against",
                "git:HEAD",
                "--require-baseline",
                "-o",
                "junit",
                "--report",
                report.toString());
        assertTrue(Files.readString(report).contains("type=\"NO_BASELINE\""), Files.readString(report));
    }

    /** History follows the first parent: a merged branch's work-in-progress commits are not registered versions. */
    @Test
    void mergedWorkInProgressIsNotAVersion() throws Exception {
        git("checkout", "-q", "-b", "feature");
        Files.writeString(schema, V2.replace("\"long\"", "\"string\"")); // a WIP commit no release ever had
        git("commit", "-q", "-am", "wip");
        Files.writeString(
                schema,
                V2.replace(
                        "\"note\", \"type\": \"string\", \"default\": \"\"}",
                        "\"note\", \"type\": \"string\", \"default\": \"\"},\n   {\"name\": \"tag\", \"type\": "
                                + "\"string\", \"default\": \"\"}"));
        git("commit", "-q", "-am", "done");
        git("checkout", "-q", "-");
        git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        Evctl.Result r = evctl.ok(
                "schema", "check", "-f", schema.toString(), "--against", "git:HEAD", "--level", "BACKWARD_TRANSITIVE");
        assertTrue(r.out().contains("BACKWARD_TRANSITIVE — compatible with 3 earlier versions"), r.out() + r.err());
    }

    /** A shallow clone (GitHub's checkout default) cannot back a transitive level: refused with the fix named. */
    @Test
    void aShallowCloneRefusesTransitiveLevels() throws Exception {
        Path clone = repo.resolveSibling(repo.getFileName() + "-shallow");
        Process p = new ProcessBuilder("git", "clone", "-q", "--depth", "1", "file://" + repo, clone.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        try {
            Path cloned = clone.resolve("schemas/order.avsc");
            Evctl.Result refused = evctl.expect(
                    ExitCodes.USAGE,
                    "schema",
                    "check",
                    "-f",
                    cloned.toString(),
                    "--against",
                    "git:HEAD",
                    "--level",
                    "FULL_TRANSITIVE");
            assertTrue(
                    refused.err().contains("shallow clone") && refused.err().contains("fetch-depth: 0"), refused.err());
            Evctl.Result warned = evctl.ok("schema", "check", "-f", cloned.toString(), "--against", "git:HEAD");
            assertTrue(warned.err().contains("warning: the repository is a shallow clone"), warned.err());
            // a transitive level asked for by the mapping file, not --level, is refused the same way
            Path mapping = clone.resolve("evctl-schemas.yaml");
            Files.writeString(
                    mapping,
                    "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n    level: "
                            + "BACKWARD_TRANSITIVE\n");
            Evctl.Result mapped = evctl.expect(
                    ExitCodes.USAGE, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
            assertTrue(
                    mapped.err().contains("shallow clone") && mapped.err().contains("BACKWARD_TRANSITIVE"),
                    mapped.err());
        } finally {
            try (var walk = Files.walk(clone)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One invalid file hides nothing: the other subjects are still checked, and every format has a result for each. */
    @Test
    void anInvalidFileIsAFailedResultAndTheOthersAreStillChecked() throws Exception {
        Files.writeString(schema, V3);
        Path broken = repo.resolve("schemas/broken.avsc");
        Files.writeString(broken, "{\"type\": \"record\", \"name\": \"Broken\",\n \"fields\": [\n");
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(
                mapping,
                "schemas:\n  - subject: broken-value\n    file: schemas/broken.avsc\n"
                        + "  - subject: orders-value\n    file: schemas/order.avsc\n");
        Path report = repo.resolve("build/all.xml");
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "schema",
                "check",
                "--schemas",
                mapping.toString(),
                "--against",
                "git:HEAD",
                "-o",
                "junit",
                "--report",
                report.toString());
        String xml = Files.readString(report);
        assertTrue(
                xml.contains("tests=\"2\" failures=\"2\"")
                        && xml.contains("INVALID_SCHEMA")
                        && xml.contains("TYPE_MISMATCH"),
                xml);
        JsonNode json = new ObjectMapper()
                .readTree(evctl.expect(
                                ExitCodes.BAD_INPUT,
                                "schema",
                                "check",
                                "--schemas",
                                mapping.toString(),
                                "--against",
                                "git:HEAD",
                                "-o",
                                "json")
                        .out());
        assertEquals(2, json.get("subjects").size(), json.toString());
        assertEquals(
                "TYPE_MISMATCH",
                json.get("subjects")
                        .get(1)
                        .get("incompatibilities")
                        .get(0)
                        .get("type")
                        .asText(),
                json.toString());
        assertTrue(r.err().contains("broken.avsc"), r.err());
    }

    /**
     * JUnit: the subject is the classname (Jenkins splits on dots), with a time; GitHub: paths with ':' or ',' are
     * escaped.
     */
    @Test
    void junitNamesTheSubjectAndGithubEscapesPaths() throws Exception {
        Path odd = repo.resolve("schemas/a,b:c.avsc");
        Files.writeString(odd, V2);
        git("add", ".");
        git("commit", "-q", "-m", "odd");
        Files.writeString(odd, V3);
        String github = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "check",
                        "-f",
                        odd.toString(),
                        "--subject",
                        "odd-value",
                        "--against",
                        "git:HEAD",
                        "-o",
                        "github")
                .out();
        assertTrue(github.startsWith("::error file=schemas/a%2Cb%3Ac.avsc,line="), github);
        Path report = repo.resolve("build/odd.xml");
        evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                odd.toString(),
                "--subject",
                "odd-value",
                "--against",
                "git:HEAD",
                "-o",
                "junit",
                "--report",
                report.toString());
        String xml = Files.readString(report);
        assertTrue(
                xml.matches(
                        "(?s).*<testcase classname=\"odd-value\" file=\"schemas/a,b:c.avsc\" time=\"\\d+\\.\\d{3}\".*"),
                xml);
    }

    /** A byte order mark (as Windows editors write) does not make a schema file invalid. */
    @Test
    void anEarlierVersionThatIsNotValidIsAnErrorWithWhereItIs() throws Exception {
        Files.writeString(schema, "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [");
        Git.run(repo, "commit", "-q", "-am", "broken");
        Files.writeString(schema, V2);
        Evctl.Result r =
                evctl.expect(ExitCodes.BAD_INPUT, "schema", "check", "-f", schema.toString(), "--against", "git:HEAD");
        List<String> errors =
                r.err().lines().filter(l -> l.startsWith("evctl: error")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(
                errors.get(0)
                        .matches("evctl: error: .*order\\.avsc: cannot check against its earlier version git"
                                + " [0-9a-f]{7}:schemas/order\\.avsc: not a valid schema: .* — fix that version, or check"
                                + " against a baseline where it is valid \\(--against\\)"),
                errors.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheSchema() throws Exception {
        Files.writeString(schema, "\uFEFF" + V2);
        assertTrue(evctl.ok("schema", "check", "-f", schema.toString(), "--against", "git:HEAD")
                .out()
                .contains("compatible"));
        Evctl.Result wrong =
                evctl.expect(ExitCodes.USAGE, "schema", "check", "-f", schema.toString(), "--against", "registry");
        assertTrue(wrong.err().contains("leave --against out"), wrong.err());
    }

    /** A transitive level lists the problems against every earlier version at once, not only the newest failing one. */
    @Test
    void transitiveLevelsReportEveryVersionsProblems() throws Exception {
        Files.writeString(schema, V2.replace("\"long\"", "\"string\""));
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                schema.toString(),
                "--against",
                "git:HEAD",
                "--level",
                "BACKWARD_TRANSITIVE");
        assertTrue(
                r.out().contains("cannot read data written with version 2")
                        && r.out().contains("cannot read data written with version 1"),
                r.out());
        assertTrue(r.out().contains("INCOMPATIBLE, 2 problems"), r.out());
    }

    /**
     * A key evctl does not know is an error with its line: a misspelt 'refrences' must not drop the references
     * unnoticed.
     */
    @Test
    void unknownMappingKeysAreErrorsWithTheirLine() throws Exception {
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, """
                schemas:
                  - subject: orders-value
                    file: schemas/order.avsc
                    refrences:
                      - name: shop.Money
                        file: schemas/money.avsc
                """);
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertTrue(
                r.err()
                        .contains("evctl-schemas.yaml:4: unknown key 'refrences' in schemas[0] — did you mean "
                                + "'references'?"),
                r.err());

        Files.writeString(mapping, "level: FULL\nschemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        r = evctl.expect(
                ExitCodes.BAD_INPUT, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertTrue(r.err().contains("evctl-schemas.yaml:1: unknown key 'level' in the top level"), r.err());

        Files.writeString(
                mapping, "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n    level: FULLL\n");
        r = evctl.expect(
                ExitCodes.BAD_INPUT, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertTrue(
                r.err().contains("evctl-schemas.yaml:4: schemas[0].level: unknown compatibility level 'FULLL'"),
                r.err());
    }

    /** A subject's level in the mapping decides its offline check; --level still overrides every subject. */
    @Test
    void aSubjectsLevelInTheMappingIsUsedOffline() throws Exception {
        // dropping a field without a default: BACKWARD passes, FORWARD (and FULL) fail
        Files.writeString(schema, V2.replace("{\"name\": \"id\", \"type\": \"string\"},\n", ""));
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        evctl.ok("schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        Files.writeString(
                mapping, "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n    level: FULL\n");
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertTrue(r.out().contains("FULL") && r.out().contains("id"), r.out());
        evctl.ok("schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD", "--level", "BACKWARD");
    }

    /**
     * A missing file names the mapping entry (file and line) that declared it, and the other subjects are still
     * checked.
     */
    @Test
    void aMissingFileNamesItsMappingEntry() throws Exception {
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, """
                schemas:
                  - subject: orders-value
                    file: schemas/order.avsc
                  - subject: gone-value
                    file: schemas/gone.avsc
                """);
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "schema",
                "check",
                "--schemas",
                mapping.toString(),
                "--against",
                "git:HEAD",
                "-o",
                "json");
        assertTrue(r.err().contains("gone.avsc: no such file (declared at " + mapping + ":4 (schemas[1]))"), r.err());
        assertFalse(r.err().contains("gone.avsc:0"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("subjects").size());
        assertTrue(json.get("subjects").get(0).get("compatible").asBoolean(), json.toString());
    }

    /** Entries with a files: glob declare references too: each matched file is parsed with them. */
    @Test
    void globEntriesDeclareReferences() throws Exception {
        Files.writeString(repo.resolve("schemas/money.avsc"), """
                {"type": "record", "name": "Money", "namespace": "shop", "fields": [{"name": "cents", "type": "long"}]}
                """);
        Path events = repo.resolve("schemas/events");
        Files.createDirectories(events);
        Files.writeString(events.resolve("paid.avsc"), """
                {"type": "record", "name": "Paid", "namespace": "shop", "fields": [{"name": "amount", "type": \
                "shop.Money"}]}
                """);
        Path mapping = repo.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, """
                schemas:
                  - files: "schemas/events/*.avsc"
                    references:
                      - name: shop.Money
                        file: schemas/money.avsc
                """);
        Evctl.Result r = evctl.ok("schema", "check", "--schemas", mapping.toString(), "--against", "git:HEAD");
        assertTrue(r.out().contains("paid-value"), r.out());
        Files.writeString(mapping, "schemas:\n  - files: \"schemas/events/*.avsc\"\n");
        assertTrue(
                evctl.expect(
                                ExitCodes.BAD_INPUT,
                                "schema",
                                "check",
                                "--schemas",
                                mapping.toString(),
                                "--against",
                                "git:HEAD")
                        .err()
                        .contains("shop.Money"),
                "without the reference the file does not parse");
    }

    /**
     * A forward problem's path is in the old schema: the line given is where that field is in the new file, found by
     * name.
     */
    @Test
    void forwardFindingsPointAtTheFieldByNameInTheNewFile() throws Exception {
        Files.writeString(schema, """
                {"type": "record", "name": "Order", "namespace": "shop",
                 "fields": [
                   {"name": "channel", "type": "string", "default": "web"},
                   {"name": "id", "type": "string"},
                   {"name": "note", "type": "string", "default": ""},
                   {"name": "coupon", "type": "string", "default": ""},
                   {"name": "total", "type": "string"}
                 ]}
                """);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                schema.toString(),
                "--against",
                "git:HEAD",
                "--level",
                "FORWARD");
        // version 2 has total at /fields/1 (line 5 of the new file holds 'note'); total is on line 7 now
        assertTrue(
                r.out().startsWith(schema + ":7: TYPE_MISMATCH at /fields/1/type: readers on version 2 cannot read"),
                r.out());
    }
}
