package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample CI jobs in examples/ci run the gate as the README says: the evctl command each one
 * runs, with its variables filled in, passes a compatible change and fails a breaking one on a
 * repository with a target branch; and each fetches the whole history (a shallow clone refuses
 * transitive levels).
 */
@Tag("integration")
class CiExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "ci");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path repo;

    @Test
    void theGitHubActionsJobGatesAPullRequest() throws Exception {
        JsonNode job = YAML.readTree(
                        EXAMPLES.resolve("github-actions-schema-gate.yml").toFile())
                .get("jobs")
                .get("schema-gate");
        JsonNode checkout = job.get("steps").get(0);
        assertEquals("0", checkout.get("with").get("fetch-depth").asText(), "the whole history");
        String command = null;
        for (JsonNode step : job.get("steps")) {
            if (step.path("run").asText().startsWith("evctl ")) {
                command = step.get("run").asText().trim().replace("${{ github.base_ref }}", "main");
            }
        }
        gate(command, "::error file=schemas/order.avsc");
    }

    @Test
    void theGitLabJobGatesAMergeRequestWithAJUnitReport() throws Exception {
        JsonNode job = YAML.readTree(
                        EXAMPLES.resolve("gitlab-ci-schema-gate.yml").toFile())
                .get("schema-gate");
        assertEquals("0", job.get("variables").get("GIT_DEPTH").asText(), "the whole history");
        assertEquals(
                "schema-gate.xml",
                job.get("artifacts").get("reports").get("junit").asText());
        String command = null;
        for (JsonNode line : job.get("script")) {
            if (line.asText().startsWith("evctl ")) {
                command = line.asText().trim().replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
            }
        }
        gate(command, null);
        String report = Files.readString(repo.resolve("schema-gate.xml"));
        assertTrue(report.contains("<failure") && report.contains("orders-value"), report);
    }

    /** Runs the job's command in a repository whose branch changes a schema: compatible first, then breaking. */
    private void gate(String command, String breakingOutput) throws Exception {
        assertTrue(command != null && command.startsWith("evctl schema check "), "the job runs the gate: " + command);
        git("init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("schemas"));
        Files.writeString(
                repo.resolve("evctl-schemas.yaml"),
                "schemas:\n  - subject: orders-value\n    file: schemas/order.avsc\n");
        Files.writeString(repo.resolve("schemas/order.avsc"), """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "string"}
                ]}
                """);
        git("add", ".");
        git("commit", "-q", "-m", "v1");
        git("update-ref", "refs/remotes/origin/main", "HEAD"); // what the job fetched: the target branch
        git("checkout", "-q", "-b", "feature");
        Files.writeString(repo.resolve("schemas/order.avsc"), """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "note", "type": "string", "default": ""}
                ]}
                """);
        Evctl evctl = new Evctl(repo.resolve("home"));
        // the job runs in the repository: its mapping file and report are found there
        evctl.ok(args(command));
        Files.writeString(repo.resolve("schemas/order.avsc"), """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "long"}
                ]}
                """);
        Evctl.Result broken = evctl.expect(ExitCodes.CHECK_FAILED, args(command));
        if (breakingOutput != null) {
            assertTrue(broken.out().contains(breakingOutput), broken.out());
        }
    }

    private String[] args(String command) {
        List<String> args =
                new ArrayList<>(List.of(command.substring("evctl ".length()).split("\\s+")));
        int report = args.indexOf("--report");
        if (report >= 0) {
            args.set(report + 1, repo.resolve(args.get(report + 1)).toString());
        }
        args.addAll(List.of("--schemas", repo.resolve("evctl-schemas.yaml").toString()));
        return args.toArray(String[]::new);
    }

    private void git(String... args) throws Exception {
        Git.run(repo, args);
    }
}
