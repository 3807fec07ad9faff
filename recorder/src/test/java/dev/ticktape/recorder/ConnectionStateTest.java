package dev.ticktape.recorder;

import org.junit.jupiter.api.Test;

import static dev.ticktape.recorder.ConnectionState.*;
import static org.junit.jupiter.api.Assertions.*;

class ConnectionStateTest
{
    @Test
    void aConnectionMovesOnlyForward()
    {
        assertTrue(CONNECTING.leadsTo(SUBSCRIBING));
        assertTrue(SUBSCRIBING.leadsTo(LIVE));
        assertTrue(SUBSCRIBING.leadsTo(OVERLAPPING), "a replacement's first data");
        assertTrue(OVERLAPPING.leadsTo(LIVE), "its predecessor closed");
        assertTrue(LIVE.leadsTo(OVERLAPPING) && LIVE.leadsTo(CLOSING));
        assertFalse(CONNECTING.leadsTo(LIVE), "no data before the upgrade");
        assertFalse(LIVE.leadsTo(SUBSCRIBING));
        assertFalse(CLOSING.leadsTo(LIVE), "a connection being closed never comes back");
        assertFalse(CLOSING.leadsTo(CLOSING));
        for (final ConnectionState s : values())
        {
            assertEquals(s != CLOSED, s.leadsTo(CLOSED), s + ": the server may close a connection in any state");
            assertFalse(CLOSED.leadsTo(s), "closed is the end");
            assertEquals(s == SUBSCRIBING || s == LIVE || s == OVERLAPPING, s.open());
        }
    }
}
