package dev.evctl.commands.schema;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Json;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaHistory;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The CI gate: is this schema file compatible with its earlier versions? */
@Command(name = "check", header = "Check a schema file against its earlier versions: the CI compatibility gate.", mixinStandardHelpOptions = true, description = {
        "Check an Avro schema file against its earlier versions and list every incompatibility with file, line,",
        "path and the version it breaks. Exit 0 compatible, 1 incompatible (or no baseline with --require-baseline),",
        "2 usage, 3 registry unreachable or not answering as one, 4 invalid schema file."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  evctl schema check --file schemas/order.avsc --against git:origin/main --level FULL_TRANSITIVE",
                "  evctl schema check --file order.avsc --subject orders-value --against dir:released/ -o github",
                "  evctl schema check --file order.avsc --against git:HEAD -o junit --report build/schema-check.xml"})
public final class CheckSchemaCommand implements Callable<Integer> {

    /** Output forms of the gate. */
    public enum Format { text, json, junit, github }

    private final Session session;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The .avsc file to check (repeatable). Without it, the subjects of evctl-schemas.yaml (or --schemas).")
    List<Path> files;

    @Option(names = "--schemas", paramLabel = "FILE", description = "Mapping of subjects to schema files (default: ./evctl-schemas.yaml).")
    Path mapping;

    @Option(names = {"-s", "--subject"}, paramLabel = "SUBJECT",
            description = "Subject name for reports (default: the file name without .avsc).")
    String subject;

    @Option(names = "--reference", paramLabel = "NAME=FILE|NAME=SUBJECT[:VERSION]",
            description = "A named type the --file takes from another schema: a local .avsc file (offline checks) or a"
                    + " registry subject's version (default: latest). Repeatable, dependencies first.")
    List<String> references = new ArrayList<>();

    @Option(names = "--against", paramLabel = "git:REF|dir:PATH",
            description = "Offline: earlier versions from git history up to REF (every earlier commit for transitive levels)"
                    + " or from a directory holding the previous version at the same relative path."
                    + " Default: the schema registry of the context (or --registry-url).")
    String against;

    @Option(names = "--level", paramLabel = "LEVEL",
            description = "${COMPLETION-CANDIDATES}. Default: the subject's level in the registry; BACKWARD offline.")
    CompatibilityLevel level;

    @Option(names = "--remote", description = "Let the registry decide through its compatibility endpoint and show its reasons.")
    boolean remote;

    @picocli.CommandLine.Mixin
    RegistryOptions registryOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--report", paramLabel = "FILE", description = "With -o junit: write the XML report here (default: stdout).")
    Path report;

    @Option(names = "--require-baseline", description = "Fail (exit 1) for a subject with no earlier version to check against,"
            + " instead of passing it as new.")
    boolean requireBaseline;

    /** The repository root of each schema directory (one git call per directory). */
    private final Map<Path, java.util.Optional<Path>> repositoryOf = new java.util.HashMap<>();

    /** How long each subject's check took, for JUnit's time attribute. */
    private final Map<String, Double> seconds = new java.util.concurrent.ConcurrentHashMap<>();

    public CheckSchemaCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        List<SchemaCheck.Target> targets = targets();
        if (subject != null && targets.size() > 1) {
            throw EvctlException.usage("--subject names one file; with several files each subject is its file name");
        }
        if (report != null && format != Format.junit) {
            throw EvctlException.usage("--report goes with -o junit");
        }
        if (remote && (against != null || level != null)) {
            throw EvctlException.usage("--remote asks the registry at the subject's own level: it takes neither --against nor --level");
        }
        SchemaCheck offline = null;
        RegistryClient registry = null;
        if (against != null) {
            Path cwd = Path.of("").toAbsolutePath();
            // the tree a dir: baseline mirrors: the mapping file's directory, else each file's repository root (else here)
            Path base = (files == null || files.isEmpty()) ? mappingFile().toAbsolutePath().getParent() : null;
            // the strictest level asked for (--level, else each subject's in the mapping): transitive needs the whole history
            CompatibilityLevel offlineLevel = targets.stream().map(this::offlineLevel).filter(CompatibilityLevel::transitive).findFirst()
                    .orElse(level == null ? CompatibilityLevel.BACKWARD : level);
            if (against.startsWith("git:") && targets.stream().map(t -> t.file().toAbsolutePath().normalize().getParent()).distinct()
                    .map(SchemaHistory::gitTop).filter(java.util.Objects::nonNull).distinct().anyMatch(SchemaHistory::isShallow)) {
                if (offlineLevel.transitive()) {
                    throw EvctlException.usage("the repository is a shallow clone: " + offlineLevel + " checks every earlier version,"
                            + " and most are not fetched — fetch the history (GitHub Actions: actions/checkout with fetch-depth: 0;"
                            + " else git fetch --unshallow)");
                }
                session.err().println("evctl: warning: the repository is a shallow clone: only versions in the fetched history are"
                        + " checked (GitHub Actions: fetch-depth: 0; else git fetch --unshallow)");
                session.err().flush();
            }
            try {
                SchemaHistory history = SchemaHistory.parse(against, cwd, base);
                history.prefetch(targets.stream().map(SchemaCheck.Target::file).toList());
                offline = new SchemaCheck(history);
            } catch (IllegalArgumentException e) {
                throw EvctlException.usage(e.getMessage());
            }
        } else {
            registry = registryOptions.client(session);
        }
        // Subjects are independent: check them in parallel (16 measured best) over the client's keep-alive connections
        // (results keep the declared order).
        SchemaCheck offlineCheck = offline;
        RegistryClient client = registry;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(16, Math.max(1, targets.size())));
        List<java.util.concurrent.Future<SchemaCheck.Report>> futures = new ArrayList<>();
        try {
            for (SchemaCheck.Target target : targets) {
                futures.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    try {
                        return RegistryCalls.call(() -> offlineCheck != null
                                ? offlineCheck.check(target, offlineLevel(target))
                                : remote ? SchemaCheck.checkRemote(target, client)
                                : SchemaCheck.checkAgainstRegistry(target, client, level));
                    } finally {
                        seconds.put(target.subject(), (System.nanoTime() - started) / 1e9);
                    }
                }));
            }
        } finally {
            pool.shutdown();
        }
        // Every subject gets a result in every format, whatever happens to another: an invalid file, a missing
        // reference or an unreachable registry is that subject's failed result, with its reason, and the exit code
        // says the worst (3 registry, 4 invalid input, 2 usage) once every report is written.
        List<SchemaCheck.Report> reports = new ArrayList<>();
        List<EvctlException> errors = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            SchemaCheck.Target target = targets.get(i);
            try {
                reports.add(futures.get(i).get());
            } catch (java.util.concurrent.ExecutionException wrapped) {
                Throwable e = wrapped.getCause();
                EvctlException error;
                int line = 1;
                String type;
                if (e instanceof SchemaCheck.InvalidFile invalid) {
                    error = EvctlException.badInput(invalid.getMessage());
                    line = Math.max(1, invalid.line());
                    type = "INVALID_SCHEMA";
                } else if (e instanceof IllegalArgumentException iae) {
                    error = EvctlException.usage(iae.getMessage());
                    type = "USAGE";
                } else if (e instanceof EvctlException evctl) {
                    error = evctl;
                    type = evctl.kind() == EvctlException.Kind.CONNECTION ? "REGISTRY_ERROR" : "ERROR";
                } else if (e instanceof RuntimeException re) {
                    throw re; // a bug: exit 70
                } else {
                    throw new IllegalStateException(e);
                }
                errors.add(error);
                reports.add(new SchemaCheck.Report(target.subject(), target.file(), offlineLevel(target),
                        false, 0, null, List.of(new SchemaCheck.Finding(new dev.evctl.schema.Incompatibility(type, "/", 0, null,
                                error.getMessage()), line))));
            }
        }
        switch (format) {
            case text -> text(reports);
            case json -> json(reports);
            case github -> github(reports);
            case junit -> junit(reports);
        }
        for (SchemaCheck.Target target : targets) {
            SchemaCheck.warnings(target).forEach(w -> session.err().println("evctl: " + w));
        }
        if (offline == null && level == null) {
            // against a registry its own level decides (registration applies it): a mapping that asks for another is told
            for (int i = 0; i < targets.size(); i++) {
                SchemaCheck.Target t = targets.get(i);
                SchemaCheck.Report r = reports.get(i);
                if (t.level() != null && notChecked(r) == null && r.level() != t.level()) {
                    session.err().println("evctl: warning: " + t.subject() + ": " + t.origin() + " asks for " + t.level()
                            + " but the registry applies " + r.level() + " to it: checked at " + r.level());
                }
            }
        }
        long incompatible = reports.stream().filter(r -> !r.compatible()).count();
        long noBaseline = reports.stream().filter(SchemaCheck.Report::noBaseline).count();
        session.err().printf("evctl: %d subject%s: %d compatible, %d incompatible; %d with no earlier version to check against%s%n",
                reports.size(), reports.size() == 1 ? "" : "s", reports.size() - incompatible, incompatible, noBaseline,
                noBaseline == 0 ? "" : requireBaseline ? " (failed: --require-baseline)" : " (passed as new; --require-baseline fails them)");
        session.err().flush();
        if (!errors.isEmpty()) {
            // the worst decides the exit code: a registry that cannot be reached, then invalid input, then usage
            EvctlException worst = errors.stream().filter(e -> e.kind() == EvctlException.Kind.CONNECTION).findFirst()
                    .or(() -> errors.stream().filter(e -> e.kind() == EvctlException.Kind.BAD_INPUT).findFirst())
                    .orElse(errors.get(0));
            for (EvctlException e : errors) {
                if (e != worst) {
                    session.err().println("evctl: error: " + e.getMessage());
                }
            }
            session.err().flush();
            throw worst;
        }
        return reports.stream().allMatch(this::passed) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** An offline check's level: --level, else the mapping's for the subject, else BACKWARD (the registry's default). */
    private CompatibilityLevel offlineLevel(SchemaCheck.Target target) {
        return level != null ? level : target.level() != null ? target.level() : CompatibilityLevel.BACKWARD;
    }

    /** -f files (named by --subject or their file name), else the mapping file's subjects. */
    private List<SchemaCheck.Target> targets() {
        if (files != null && !files.isEmpty()) {
            if (mapping != null) {
                throw EvctlException.usage("--file and --schemas cannot be used together");
            }
            List<SchemaCheck.Reference> refs = references.stream().map(CheckSchemaCommand::reference).toList();
            return files.stream().map(f -> new SchemaCheck.Target(subject != null ? subject
                    : f.getFileName().toString().replaceFirst("\\.avsc$", ""), f, refs)).toList();
        }
        if (!references.isEmpty()) {
            throw EvctlException.usage("--reference goes with --file; the mapping file declares its own references");
        }
        Path file = mappingFile();
        if (mapping == null && !Files.exists(file)) {
            throw EvctlException.usage("nothing to check: pass --file FILE, or declare subjects in ./"
                    + dev.evctl.schema.SchemaMapping.DEFAULT_FILE + " (or --schemas FILE)");
        }
        if (subject != null) {
            throw EvctlException.usage("--subject names a --file; the mapping file names its own subjects");
        }
        try {
            return dev.evctl.schema.SchemaMapping.read(file);
        } catch (IllegalArgumentException e) {
            throw EvctlException.badInput(e.getMessage());
        }
    }

    private static final java.util.Set<String> NOT_CHECKED = java.util.Set.of("INVALID_SCHEMA", "REGISTRY_ERROR", "USAGE", "ERROR");

    /** Why a subject has no verdict (its file is invalid, the registry could not be asked); null when it was checked. */
    private static String notChecked(SchemaCheck.Report r) {
        return r.findings().size() == 1 && NOT_CHECKED.contains(r.findings().get(0).incompatibility().type())
                ? r.findings().get(0).incompatibility().type() : null;
    }

    private Path mappingFile() {
        return mapping != null ? mapping : Path.of(dev.evctl.schema.SchemaMapping.DEFAULT_FILE);
    }

    /** A subject that passes only because nothing was there to check it against fails with --require-baseline. */
    private boolean passed(SchemaCheck.Report r) {
        return r.compatible() && !(requireBaseline && r.noBaseline());
    }

    /** NAME=FILE when the value names an existing file or ends in .avsc, else NAME=SUBJECT[:VERSION]. */
    static SchemaCheck.Reference reference(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw EvctlException.usage("invalid --reference '" + spec + "': expected NAME=FILE or NAME=SUBJECT[:VERSION]");
        }
        String name = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        if (value.endsWith(".avsc") || Files.isRegularFile(Path.of(value))) {
            return new SchemaCheck.Reference(name, null, null, Path.of(value));
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return new SchemaCheck.Reference(name, value, null, null);
        }
        try {
            return new SchemaCheck.Reference(name, value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), null);
        } catch (NumberFormatException e) {
            throw EvctlException.usage("invalid --reference '" + spec + "': VERSION must be a number");
        }
    }

    private void text(List<SchemaCheck.Report> reports) {
        PrintWriter out = session.out();
        for (SchemaCheck.Report r : reports) {
            for (SchemaCheck.Finding f : r.findings()) {
                out.printf("%s:%d: %s%n", r.file(), f.line(), f.incompatibility().explain());
            }
            if (requireBaseline && r.noBaseline()) {
                out.printf("%s: %s — NO BASELINE (%s; --require-baseline)%n", r.subject(), r.level(), r.note());
            } else if (r.note() != null) {
                out.printf("%s: %s — compatible (%s)%n", r.subject(), r.level(), r.note());
            } else if (r.compatible()) {
                out.printf("%s: %s — compatible%s%n", r.subject(), r.level(), r.versionsChecked() < 0 ? " (the registry's verdict)"
                        : " with " + r.versionsChecked() + " earlier version" + (r.versionsChecked() == 1 ? "" : "s"));
            } else if (notChecked(r) != null) {
                out.printf("%s: %s — NOT CHECKED (%s)%n", r.subject(), r.level(), notChecked(r));
            } else {
                out.printf("%s: %s — INCOMPATIBLE, %d problem%s%n", r.subject(), r.level(), r.findings().size(),
                        r.findings().size() == 1 ? "" : "s");
            }
        }
        out.flush();
    }

    private void json(List<SchemaCheck.Report> reports) {
        List<Map<String, Object>> subjects = new ArrayList<>();
        for (SchemaCheck.Report r : reports) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("subject", r.subject());
            s.put("file", r.file().toString());
            s.put("level", r.level().name());
            s.put("compatible", r.compatible());
            s.put("passed", passed(r));
            s.put("checked", notChecked(r) == null);
            s.put("versionsChecked", r.versionsChecked());
            s.put("note", r.note());
            List<Map<String, Object>> problems = new ArrayList<>();
            for (SchemaCheck.Finding f : r.findings()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("type", f.incompatibility().type());
                p.put("path", f.incompatibility().path());
                p.put("line", f.line());
                p.put("oldVersion", f.incompatibility().oldVersion());
                p.put("direction", f.incompatibility().direction() == null ? null : f.incompatibility().direction().name());
                p.put("message", f.incompatibility().message());
                problems.add(p);
            }
            s.put("incompatibilities", problems);
            subjects.add(s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("compatible", reports.stream().allMatch(SchemaCheck.Report::compatible));
        doc.put("passed", reports.stream().allMatch(this::passed));
        doc.put("subjects", subjects);
        Json.print(session.out(), doc);
    }

    private void github(List<SchemaCheck.Report> reports) {
        for (SchemaCheck.Report r : reports) {
            for (SchemaCheck.Finding f : r.findings()) {
                session.out().printf("::error file=%s,line=%d,title=%s::%s%n", githubProperty(shown(r.file())), f.line(),
                        githubProperty(f.incompatibility().type()),
                        githubEscape(r.subject() + " (" + r.level() + "): " + f.incompatibility().explain()));
            }
            if (requireBaseline && r.noBaseline()) {
                session.out().printf("::error file=%s,title=NO_BASELINE::%s%n", githubProperty(shown(r.file())), githubEscape(r.subject() + ": " + r.note()
                        + " (--require-baseline)"));
            } else if (r.note() != null) {
                session.out().printf("::notice file=%s::%s%n", githubProperty(shown(r.file())), githubEscape(r.subject() + ": " + r.note()));
            }
        }
        session.out().flush();
    }

    private void junit(List<SchemaCheck.Report> reports) throws IOException, XMLStreamException {
        if (report != null && report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        OutputStream target = report != null ? Files.newOutputStream(report) : session.stdout();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(target, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "evctl schema check");
            x.writeAttribute("tests", Integer.toString(reports.size()));
            x.writeAttribute("failures", Long.toString(reports.stream().filter(r -> !passed(r)).count()));
            for (SchemaCheck.Report r : reports) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                // Jenkins groups test cases by the dots of classname: the subject, not the file (every file ended in "avsc")
                x.writeAttribute("classname", r.subject());
                x.writeAttribute("file", shown(r.file()));
                x.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", seconds.getOrDefault(r.subject(), 0.0)));
                x.writeAttribute("name", r.subject() + " " + r.level());
                if (!r.compatible()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", r.findings().get(0).incompatibility().type());
                    x.writeAttribute("message", r.findings().size() + " incompatibilities");
                    StringBuilder body = new StringBuilder();
                    r.findings().forEach(f -> body.append(r.file()).append(':').append(f.line()).append(": ")
                            .append(f.incompatibility().explain()).append('\n'));
                    x.writeCharacters(body.toString());
                    x.writeEndElement();
                } else if (requireBaseline && r.noBaseline()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", "NO_BASELINE");
                    x.writeAttribute("message", r.note() + " (--require-baseline)");
                    x.writeEndElement();
                } else if (r.note() != null) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(r.note());
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
        } finally {
            if (report != null) {
                target.close();
            } else {
                target.flush();
            }
        }
        if (report != null) {
            session.err().println("wrote " + report);
            session.err().flush();
        }
    }

    /** GitHub workflow commands need %, CR and LF escaped in the message. */
    /** A workflow command's property value: % CR LF and also : and , escaped (a path may hold them). */
    private static String githubProperty(String s) {
        return githubEscape(s).replace(":", "%3A").replace(",", "%2C");
    }

    /** A file as GitHub and reports show it: relative to its repository's root (annotations attach to that path). */
    private String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path top = repositoryOf.computeIfAbsent(absolute.getParent(), dir -> java.util.Optional.ofNullable(SchemaHistory.gitTop(dir)))
                .orElse(null);
        if (top != null && absolute.startsWith(top.toAbsolutePath().normalize())) {
            return top.toAbsolutePath().normalize().relativize(absolute).toString();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static String githubEscape(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }
}
