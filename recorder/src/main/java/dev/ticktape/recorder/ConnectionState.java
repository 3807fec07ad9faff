package dev.ticktape.recorder;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a {@link Connection} is in its life. It changes only through {@link Connection#moveTo},
 * and only along these edges:
 * <pre>
 * CONNECTING ─▶ SUBSCRIBING ─▶ LIVE ◀─▶ OVERLAPPING
 *     │              │          │          │
 *     └──────────────┴──────────┴──────────┴─▶ CLOSING ─▶ CLOSED   (and any state but CLOSED ─▶ CLOSED)
 * </pre>
 * The transitions that matter are journaled as they happen: opening ({@code connectionOpened}), an
 * overlap starting ({@code overlap}) and closing ({@code connectionClosed}).
 */
enum ConnectionState
{
    /** Created; the upgrade is under way. */
    CONNECTING,
    /** Open; its streams are in the URL or being subscribed, and no market data has come yet. */
    SUBSCRIBING,
    /** Delivering: the shard's connection. */
    LIVE,
    /** A replacement delivering while the connection it replaces still runs: both journal, the replay drops duplicates. */
    OVERLAPPING,
    /** Closing at the recorder's word: planned (replaced, stopping) or a loss it decided (silent). */
    CLOSING,
    /** Closed, by either side; the end. */
    CLOSED;

    private Set<ConnectionState> next;

    static
    {
        CONNECTING.next = EnumSet.of(SUBSCRIBING, CLOSING, CLOSED);
        SUBSCRIBING.next = EnumSet.of(LIVE, OVERLAPPING, CLOSING, CLOSED);
        LIVE.next = EnumSet.of(OVERLAPPING, CLOSING, CLOSED);
        OVERLAPPING.next = EnumSet.of(LIVE, CLOSING, CLOSED);
        CLOSING.next = EnumSet.of(CLOSED);
        CLOSED.next = EnumSet.noneOf(ConnectionState.class);
    }

    /**
     * @param to a state.
     * @return whether a connection in this state may move to it.
     */
    boolean leadsTo(final ConnectionState to)
    {
        return next.contains(to);
    }

    /** @return whether the connection is open and not being closed by the recorder. */
    boolean open()
    {
        return this == SUBSCRIBING || this == LIVE || this == OVERLAPPING;
    }
}
