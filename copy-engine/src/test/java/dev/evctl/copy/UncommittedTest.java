package dev.evctl.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When a copier's commit is due, and what it records for partitions whose records were all skipped or filtered. */
class UncommittedTest {

    private static final TopicPartition P0 = new TopicPartition("src", 0);
    private static final TopicPartition P1 = new TopicPartition("src", 1);

    private final Uncommitted pending =
            new Uncommitted(new CopyJob("j", "src", List.of(0, 1), null, null, null, 0, true), new Throttle(0));

    @Test
    void nothingSentIsNeverDue() {
        assertFalse(pending.due(true, false));
        assertFalse(pending.due(true, true));
        assertTrue(pending.isEmpty());
        assertFalse(pending.clear(), "no transaction was open");
    }

    @Test
    void aPositionPastMarkersMovesTheNextOffsetUpToTheRangesEndOnly() {
        PartitionState committed = new PartitionState(0, 0, 100, 40, 40, 0);
        assertFalse(pending.notePosition(P0, committed, 40), "not moved");
        assertFalse(pending.notePosition(P0, committed, 12), "never backwards");
        assertTrue(pending.notePosition(P0, committed, 55));
        assertEquals(55, pending.partitions().get(P0).next());
        assertEquals(40, pending.partitions().get(P0).copied(), "a marker is not a copied record");
        assertFalse(pending.due(false, true), "records are still coming: no commit for positions alone");
        assertTrue(pending.due(true, true), "an empty poll after positions moved commits them");
        assertTrue(pending.notePosition(P0, committed, 250));
        assertEquals(100, pending.partitions().get(P0).next(), "the range's end, not the log's");
        assertTrue(pending.due(false, false), "a finished partition commits at once");
        assertEquals(List.of(P0), pending.finished());
    }

    @Test
    void aFinishedPartitionMovesNoFurtherAndClearingForgetsEverything() {
        PartitionState done = new PartitionState(1, 0, 10, 10, 10, 0);
        assertFalse(pending.notePosition(P1, done, 20));
        assertTrue(pending.isEmpty());
        assertTrue(pending.notePosition(P0, new PartitionState(0, 0, 100, 0, 0, 0), 3));
        assertFalse(pending.clear());
        assertTrue(pending.isEmpty());
        assertEquals(0, pending.copied());
        assertEquals(0, pending.filtered());
    }
}
