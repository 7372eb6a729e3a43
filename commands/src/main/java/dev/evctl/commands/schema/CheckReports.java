package dev.evctl.commands.schema;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaHistory;

/**
 * The gate's reports in each format (text, json, github annotations, JUnit XML): every subject gets a result in each.
 */
final class CheckReports {

    private final Session session;
    private final boolean requireBaseline;
    private final Path report;
    private final Map<String, Double> seconds;
    private final Map<Path, Optional<Path>> repositoryOf = new HashMap<>();

    /**
     * @param report  the JUnit file (null: stdout)
     * @param seconds each subject's check time, for JUnit's time
     */
    CheckReports(Session session, boolean requireBaseline, Path report, Map<String, Double> seconds) {
        this.session = session;
        this.requireBaseline = requireBaseline;
        this.report = report;
        this.seconds = seconds;
    }

    private static final Set<String> NOT_CHECKED = Set.of("INVALID_SCHEMA", "REGISTRY_ERROR", "USAGE", "ERROR");

    /**
     * Why a subject has no verdict (its file is invalid, the registry could not be asked); null when it was checked.
     */
    static String notChecked(SchemaCheck.Report r) {
        return r.findings().size() == 1
                        && NOT_CHECKED.contains(
                                r.findings().get(0).incompatibility().type())
                ? r.findings().get(0).incompatibility().type()
                : null;
    }

    /** A subject that passes only because nothing was there to check it against fails with --require-baseline. */
    boolean passed(SchemaCheck.Report r) {
        return r.compatible() && !(requireBaseline && r.noBaseline());
    }

    void text(List<SchemaCheck.Report> reports) {
        PrintWriter out = session.out();
        for (SchemaCheck.Report r : reports) {
            for (SchemaCheck.Finding f : r.findings()) {
                if (notChecked(r) != null) {
                    // why is the error line on stderr (once: it also decides the exit code); this line points to it
                    out.printf(
                            "%s:%d: %s — not checked (the error is on stderr)%n",
                            r.file(), f.line(), f.incompatibility().type());
                    continue;
                }
                out.printf(
                        "%s:%d: %s%n", r.file(), f.line(), f.incompatibility().explain());
            }
            if (requireBaseline && r.noBaseline()) {
                out.printf("%s: %s — NO BASELINE (%s; --require-baseline)%n", r.subject(), r.level(), r.note());
            } else if (r.note() != null) {
                out.printf("%s: %s — compatible (%s)%n", r.subject(), r.level(), r.note());
            } else if (r.compatible()) {
                out.printf(
                        "%s: %s — compatible%s%n",
                        r.subject(),
                        r.level(),
                        r.versionsChecked() < 0
                                ? " (the registry's verdict)"
                                : " with " + r.versionsChecked() + " earlier version"
                                        + (r.versionsChecked() == 1 ? "" : "s"));
            } else if (notChecked(r) != null) {
                out.printf("%s: %s — NOT CHECKED (%s)%n", r.subject(), r.level(), notChecked(r));
            } else {
                out.printf(
                        "%s: %s — INCOMPATIBLE, %d problem%s%n",
                        r.subject(),
                        r.level(),
                        r.findings().size(),
                        r.findings().size() == 1 ? "" : "s");
            }
        }
        out.flush();
    }

    /** The gate's JSON/YAML document: the verdict of the whole run, then every subject's. */
    record Document(boolean compatible, boolean passed, List<Subject> subjects) {}

    /** One subject's result; {@code checked} is false when it had nothing to be checked against. */
    record Subject(
            String subject,
            String file,
            String level,
            boolean compatible,
            boolean passed,
            boolean checked,
            int versionsChecked,
            String note,
            List<Problem> incompatibilities) {}

    /** One incompatibility, with the line of the file it points to. */
    record Problem(String type, String path, int line, int oldVersion, String direction, String message) {}

    /** The document of {@code -o json} and {@code -o yaml}: the same fields in both. */
    void document(List<SchemaCheck.Report> reports, OutputOptions.Format format) {
        List<Subject> subjects = new ArrayList<>();
        for (SchemaCheck.Report r : reports) {
            List<Problem> problems = new ArrayList<>();
            for (SchemaCheck.Finding f : r.findings()) {
                Incompatibility i = f.incompatibility();
                problems.add(new Problem(
                        i.type(),
                        i.path(),
                        f.line(),
                        i.oldVersion(),
                        i.direction() == null ? null : i.direction().name(),
                        i.message()));
            }
            subjects.add(new Subject(
                    r.subject(),
                    r.file().toString(),
                    r.level().name(),
                    r.compatible(),
                    passed(r),
                    notChecked(r) == null,
                    r.versionsChecked(),
                    r.note(),
                    problems));
        }
        OutputOptions.print(
                session.out(),
                new Document(
                        reports.stream().allMatch(SchemaCheck.Report::compatible),
                        reports.stream().allMatch(this::passed),
                        subjects),
                format);
    }

    void github(List<SchemaCheck.Report> reports) {
        for (SchemaCheck.Report r : reports) {
            for (SchemaCheck.Finding f : r.findings()) {
                session.out()
                        .printf(
                                "::error file=%s,line=%d,title=%s::%s%n",
                                GithubCommands.property(shown(r.file())),
                                f.line(),
                                GithubCommands.property(f.incompatibility().type()),
                                GithubCommands.escape(r.subject() + " (" + r.level() + "): "
                                        + f.incompatibility().explain()));
            }
            if (requireBaseline && r.noBaseline()) {
                session.out()
                        .printf(
                                "::error file=%s,title=NO_BASELINE::%s%n",
                                GithubCommands.property(shown(r.file())),
                                GithubCommands.escape(r.subject() + ": " + r.note() + " (--require-baseline)"));
            } else if (r.note() != null) {
                session.out()
                        .printf(
                                "::notice file=%s::%s%n",
                                GithubCommands.property(shown(r.file())),
                                GithubCommands.escape(r.subject() + ": " + r.note()));
            }
        }
        session.out().flush();
    }

    void junit(List<SchemaCheck.Report> reports) throws IOException, XMLStreamException {
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
            x.writeAttribute(
                    "failures",
                    Long.toString(reports.stream().filter(r -> !passed(r)).count()));
            for (SchemaCheck.Report r : reports) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                // Jenkins groups test cases by the dots of classname: the subject, not the file (every file ended in
                // "avsc")
                x.writeAttribute("classname", r.subject());
                x.writeAttribute("file", shown(r.file()));
                x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds.getOrDefault(r.subject(), 0.0)));
                x.writeAttribute("name", r.subject() + " " + r.level());
                if (!r.compatible()) {
                    x.writeStartElement("failure");
                    x.writeAttribute(
                            "type", r.findings().get(0).incompatibility().type());
                    x.writeAttribute("message", r.findings().size() + " incompatibilities");
                    StringBuilder body = new StringBuilder();
                    r.findings()
                            .forEach(f -> body.append(r.file())
                                    .append(':')
                                    .append(f.line())
                                    .append(": ")
                                    .append(f.incompatibility().explain())
                                    .append('\n'));
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

    /** A file as GitHub and reports show it: relative to its repository's root (annotations attach to that path). */
    private String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path top = repositoryOf
                .computeIfAbsent(absolute.getParent(), dir -> Optional.ofNullable(SchemaHistory.gitTop(dir)))
                .orElse(null);
        if (top != null && absolute.startsWith(top.toAbsolutePath().normalize())) {
            return top.toAbsolutePath().normalize().relativize(absolute).toString();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
