package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline gate finds a subject's earlier versions as real repositories keep them: files that
 * move (with the mapping file, or by {@code git mv}), references renamed or changed at a commit of
 * their own, versions written on another OS, merge commits. Each case is a change the registry
 * would refuse, so a gate that lost the history would pass it.
 */
@Tag("integration")
class HistoryBySubjectTest {

    private static final String ORDER_V1 =
            "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"long\"}]}";
    /** Not backward compatible with v1: a field without a default. */
    private static final String ORDER_BREAK =
            "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"total\", \"type\": \"string\"}]}";

    private static final String ORDER_WITH_CUSTOMER =
            "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"customer\", \"type\": \"Customer\"}]}";
    private static final String CUSTOMER_V1 =
            "{\"type\": \"record\", \"name\": \"Customer\", \"namespace\": \"com.example\", \"fields\": ["
                    + "{\"name\": \"name\", \"type\": \"string\"}]}";
    private static final String CUSTOMER_BREAK =
            "{\"type\": \"record\", \"name\": \"Customer\", \"namespace\": \"com.example\", \"fields\": ["
                    + "{\"name\": \"name\", \"type\": \"string\"}, {\"name\": \"tier\", \"type\": \"int\"}]}";

    @TempDir
    Path repo;

    @Test
    void aSubjectWhoseFileMovedWithTheMappingKeepsItsHistory() throws Exception {
        init();
        write("schemas/order.avsc", ORDER_V1);
        write("evctl-schemas.yaml", "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        commit("v1");
        // moved to another directory, mapping updated in the same commit, and an incompatible change
        Files.delete(repo.resolve("schemas/order.avsc"));
        write("events/orders/order-v2.avsc", ORDER_BREAK);
        write("evctl-schemas.yaml", "schemas:\n  - subject: orders-value\n    file: events/orders/order-v2.avsc\n");
        SchemaCheck.Report r = checkMapping("git:HEAD").get(0);
        assertNull(r.note(), "compared with the version at its old path, not a new subject");
        assertFalse(r.compatible());
        assertEquals(
                "READER_FIELD_MISSING_DEFAULT_VALUE",
                r.findings().get(0).incompatibility().type());
    }

    @Test
    void aSubjectRenamedInTheMappingIsANewSubjectAsInTheRegistry() throws Exception {
        init();
        write("schemas/order.avsc", ORDER_V1);
        write("evctl-schemas.yaml", "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        commit("v1");
        write("schemas/order.avsc", ORDER_BREAK);
        write("evctl-schemas.yaml", "schemas:\n  - subject: orders-v2-value\n    file: schemas/order.avsc\n");
        SchemaCheck.Report r = checkMapping("git:HEAD").get(0);
        assertTrue(r.noBaseline(), "another subject: the registry has no version of it");
    }

    @Test
    void aPlainGitMvKeepsTheHistoryOfAFileNamedOnTheCommandLine() throws Exception {
        init();
        write("schemas/order.avsc", ORDER_V1);
        commit("v1");
        Files.createDirectories(repo.resolve("events"));
        git("mv", "schemas/order.avsc", "events/order.avsc");
        commit("moved");
        write("events/order.avsc", ORDER_BREAK);
        SchemaCheck.Report r = check("git:HEAD", new SchemaCheck.Target("order", repo.resolve("events/order.avsc")));
        assertFalse(r.compatible(), String.valueOf(r));
    }

    @Test
    void anEarlierVersionWithAByteOrderMarkIsReadAsTheWorkingTreeIs() throws Exception {
        init();
        Files.write(
                repo.resolve("order.avsc"),
                ("\uFEFF" + ORDER_V1.replace(", ", ",\r\n")).getBytes(StandardCharsets.UTF_8));
        commit("written on Windows");
        write("order.avsc", ORDER_BREAK);
        SchemaCheck.Report r = check("git:HEAD", new SchemaCheck.Target("order", repo.resolve("order.avsc")));
        assertNull(r.note());
        assertFalse(r.compatible(), "the BOM version is the baseline, not dropped");
    }

    @Test
    void anEarlierVersionThatCannotBeReadIsTheSubjectsFailureWithItsReason() throws Exception {
        init();
        write("order.avsc", ORDER_V1);
        commit("v1");
        write("order.avsc", "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [");
        commit("broken");
        write("order.avsc", ORDER_V1);
        SchemaCheck.InvalidFile e = assertThrows(
                SchemaCheck.InvalidFile.class,
                () -> check("git:HEAD", new SchemaCheck.Target("order", repo.resolve("order.avsc"))));
        assertTrue(
                e.getMessage()
                        .matches(".*order\\.avsc: cannot check against its earlier version git [0-9a-f]{7}"
                                + ":order\\.avsc: not a valid schema: .* — fix that version, or check against a baseline"
                                + " where it is valid \\(--against\\)"),
                e.getMessage());
    }

    @Test
    void anIncompatibleChangeInsideAReferencedFileIsCaught() throws Exception {
        init();
        write("schemas/customer.avsc", CUSTOMER_V1);
        write("schemas/order.avsc", ORDER_WITH_CUSTOMER);
        write("evctl-schemas.yaml", mappingWithReference("schemas/customer.avsc"));
        commit("v1");
        write("schemas/customer.avsc", CUSTOMER_BREAK); // not a mapped subject itself
        SchemaCheck.Report r = checkMapping("git:HEAD").get(0);
        assertFalse(r.compatible(), "the earlier version read with its own customer.avsc: " + r);
    }

    @Test
    void aReferencedFileRenamedTogetherWithAnIncompatibleChangeIsCaught() throws Exception {
        init();
        write("schemas/customer.avsc", CUSTOMER_V1);
        write("schemas/order.avsc", ORDER_WITH_CUSTOMER);
        write("evctl-schemas.yaml", mappingWithReference("schemas/customer.avsc"));
        commit("v1");
        Files.delete(repo.resolve("schemas/customer.avsc"));
        write("shared/customer-v2.avsc", CUSTOMER_BREAK);
        write("evctl-schemas.yaml", mappingWithReference("shared/customer-v2.avsc"));
        SchemaCheck.Report r = checkMapping("git:HEAD").get(0);
        assertNull(r.note(), "not a new subject");
        assertFalse(r.compatible(), String.valueOf(r));
    }

    @Test
    void aVersionMergedFromABranchIsAVersionAndTheBranchsWorkInProgressIsNot() throws Exception {
        init();
        write("order.avsc", ORDER_V1);
        commit("v1");
        git("checkout", "-q", "-b", "feature");
        write("order.avsc", ORDER_BREAK.replace("\"string\"", "\"int\""));
        commit("wip");
        write("order.avsc", ORDER_BREAK.replace("\"type\": \"string\"", "\"type\": \"string\", \"default\": \"\""));
        commit("done");
        git("checkout", "-q", "main");
        git("merge", "-q", "--no-ff", "feature", "-m", "merge");
        SchemaHistory history = SchemaHistory.parse("git:HEAD", repo);
        List<SchemaHistory.Version> versions =
                history.versions(new SchemaCheck.Target("order", repo.resolve("order.avsc")));
        assertEquals(2, versions.size(), versions.toString());
        assertTrue(versions.get(1).text().contains("\"default\": \"\""), "the merged version");
    }

    @Test
    void aDirBaselineWithItsOwnMappingFileIsReadBySubject() throws Exception {
        Path baseline = Files.createDirectories(repo.resolve("baseline"));
        Path work = Files.createDirectories(repo.resolve("work"));
        Files.createDirectories(baseline.resolve("schemas"));
        Files.writeString(baseline.resolve("schemas/order.avsc"), ORDER_V1);
        Files.writeString(
                baseline.resolve("evctl-schemas.yaml"),
                "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        Files.createDirectories(work.resolve("events"));
        Files.writeString(work.resolve("events/order.avsc"), ORDER_BREAK);
        Path mapping = work.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, "schemas:\n  - subject: orders-value\n    file: events/order.avsc\n");
        SchemaHistory history = SchemaHistory.parse("dir:" + baseline, work, work, mapping);
        SchemaCheck.Report r =
                new SchemaCheck(history).check(SchemaMapping.read(mapping).get(0), CompatibilityLevel.BACKWARD);
        assertNull(r.note());
        assertFalse(r.compatible());
    }

    @Test
    void anInvalidVersionTheLevelDoesNotCompareWithIsLeftOutAndTransitiveLevelsFailOnIt() throws Exception {
        init();
        write("order.avsc", "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [");
        commit("broken, never registrable");
        write("order.avsc", ORDER_V1);
        commit("v1");
        write("order.avsc", ORDER_BREAK);
        SchemaCheck.Target target = new SchemaCheck.Target("order", repo.resolve("order.avsc"));
        SchemaCheck.Report backward = check("git:HEAD", target);
        assertFalse(backward.compatible(), "compared with v1, the latest: " + backward);
        assertThrows(
                SchemaCheck.InvalidFile.class,
                () -> new SchemaCheck(SchemaHistory.parse("git:HEAD", repo))
                        .check(target, CompatibilityLevel.BACKWARD_TRANSITIVE));
    }

    @Test
    void aDirBaselineWithoutTheReferencedFileReadsTodaysAndOneWithItReadsItsOwn() throws Exception {
        Path baseline = Files.createDirectories(repo.resolve("baseline/schemas"));
        Path work = Files.createDirectories(repo.resolve("work/schemas"));
        Files.writeString(baseline.resolve("order.avsc"), ORDER_WITH_CUSTOMER);
        Files.writeString(work.resolve("order.avsc"), ORDER_WITH_CUSTOMER);
        Files.writeString(work.resolve("customer.avsc"), CUSTOMER_BREAK);
        SchemaCheck.Target target = new SchemaCheck.Target(
                "orders-value",
                work.resolve("order.avsc"),
                List.of(new SchemaCheck.Reference("com.example.Customer", null, null, work.resolve("customer.avsc"))));
        SchemaHistory history =
                SchemaHistory.parse("dir:" + repo.resolve("baseline"), work, repo.resolve("work"), null);
        assertTrue(
                new SchemaCheck(history)
                        .check(target, CompatibilityLevel.BACKWARD)
                        .compatible(),
                "no customer.avsc in the baseline: today's is used for both");
        Files.writeString(baseline.resolve("customer.avsc"), CUSTOMER_V1);
        assertFalse(
                new SchemaCheck(history)
                        .check(target, CompatibilityLevel.BACKWARD)
                        .compatible(),
                "the baseline's own customer.avsc: the change inside it is caught");
    }

    private static String mappingWithReference(String customerFile) {
        return "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n    references:\n"
                + "      - name: com.example.Customer\n        file: " + customerFile + "\n";
    }

    private List<SchemaCheck.Report> checkMapping(String against) {
        Path mapping = repo.resolve("evctl-schemas.yaml");
        List<SchemaCheck.Target> targets = SchemaMapping.read(mapping);
        SchemaHistory history = SchemaHistory.parse(against, repo, repo, mapping);
        history.prefetch(targets);
        SchemaCheck check = new SchemaCheck(history);
        return targets.stream()
                .map(t -> check.check(t, CompatibilityLevel.BACKWARD))
                .toList();
    }

    private SchemaCheck.Report check(String against, SchemaCheck.Target target) {
        return new SchemaCheck(SchemaHistory.parse(against, repo)).check(target, CompatibilityLevel.BACKWARD);
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void init() throws Exception {
        GitRepo.init(repo);
    }

    private void commit(String message) throws Exception {
        GitRepo.commitAll(repo, message);
    }

    private void git(String... args) throws Exception {
        GitRepo.git(repo, args);
    }
}
