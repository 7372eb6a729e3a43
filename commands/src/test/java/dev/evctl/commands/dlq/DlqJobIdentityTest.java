package dev.evctl.commands.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A redrive re-run finds its job (its progress) by the derived id of its selectors: pinned, as for replay
 * (JobIdentityTest).
 */
class DlqJobIdentityTest {

    private static String redriveId(String... args) {
        RedriveDlqCommand redrive = new RedriveDlqCommand(null);
        new CommandLine(redrive).parseArgs(args);
        return dev.evctl.dlq.RedriveService.jobId(
                "redrive", redrive.dlq, redrive.select.identity(), redrive.options(redrive.select.selection(null)));
    }

    @Test
    void redriveJobIdOfAKnownCommandLineIsPinned() {
        assertEquals("redrive-cd8779bb25b1", redriveId("orders-dlt", "--error-class", "TimeoutException"));
        assertEquals(
                "redrive-cd8779bb25b1",
                redriveId("orders-dlt", "--error-class", "TimeoutException", "--yes", "--rate", "10"));
        assertNotEquals(
                "redrive-cd8779bb25b1",
                redriveId("orders-dlt", "--error-class", "TimeoutException", "--max-redrives", "4"));
    }
}
