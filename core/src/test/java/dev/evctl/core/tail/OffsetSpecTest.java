package dev.evctl.core.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import dev.evctl.core.EvctlException;
import org.junit.jupiter.api.Test;

class OffsetSpecTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void namedPositionsOffsetsAndCountsFromTheEnd() {
        assertInstanceOf(OffsetSpec.Beginning.class, OffsetSpec.parse("beginning", "--from", NOW));
        assertInstanceOf(OffsetSpec.End.class, OffsetSpec.parse("end", "--from", NOW));
        assertEquals(new OffsetSpec.Absolute(42), OffsetSpec.parse("42", "--from", NOW));
        assertEquals(new OffsetSpec.FromEnd(10), OffsetSpec.parse("-10", "--from", NOW));
    }

    @Test
    void durationsCountBackFromNow() {
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T11:45:00Z")), OffsetSpec.parse("15m", "--from", NOW));
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T09:30:00Z")), OffsetSpec.parse("2h30m", "--from", NOW));
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-21T12:00:00Z")), OffsetSpec.parse("1d", "--from", NOW));
        assertEquals(new OffsetSpec.AtTime(NOW.minusMillis(500)), OffsetSpec.parse("500ms", "--from", NOW));
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T11:50:00Z")), OffsetSpec.parse("PT10M", "--from", NOW));
    }

    @Test
    void isoTimesWithAndWithoutZone() {
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T03:00:00Z")),
                OffsetSpec.parse("2026-11-22T05:00:00+02:00", "--to", NOW));
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T05:00:00Z")),
                OffsetSpec.parse("2026-11-22T05:00:00", "--to", NOW));
        assertEquals(
                new OffsetSpec.AtTime(Instant.parse("2026-11-22T00:00:00Z")),
                OffsetSpec.parse("2026-11-22", "--to", NOW));
    }

    @Test
    void minusZeroIsAUsageErrorPointingToEnd() {
        EvctlException e = assertThrows(EvctlException.class, () -> OffsetSpec.parse("-0", "--from", NOW));
        assertEquals(EvctlException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("use --from end"), e.getMessage());
        assertEquals(new OffsetSpec.FromEnd(1), OffsetSpec.parse("-1", "--from", NOW));
    }

    @Test
    void garbageIsAUsageErrorNamingTheOptionAndValue() {
        EvctlException e = assertThrows(EvctlException.class, () -> OffsetSpec.parse("yesterday", "--to", NOW));
        assertEquals(EvctlException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().startsWith("invalid --to 'yesterday'"), e.getMessage());
        assertThrows(EvctlException.class, () -> OffsetSpec.parse("", "--from", NOW));
        assertThrows(EvctlException.class, () -> OffsetSpec.parse("99999999999999999999", "--from", NOW));
    }
}
