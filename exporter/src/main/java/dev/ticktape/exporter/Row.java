package dev.ticktape.exporter;

import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.decode.PriceLevels;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;

/**
 * The row being written: what its columns read from, set by the exporter before each
 * {@code ParquetWriter.write}. One per export, reused for every row.
 */
final class Row
{
    /** Receive time of the row, epoch nanoseconds. */
    long recvNanos;
    /** The frame of an event or raw row. */
    JournalFrame frame;
    /** The decoded event of an event row. */
    MarketEvent event;
    /** The session event of a {@code sessions} row. */
    SessionEvent session;
    /** The journal index of a {@code sessions} row. */
    long sessionIndex;
    /** The book of a {@code book_snapshot} row. */
    OrderBook book;
    /** Side of a depth row: true for bids. */
    boolean bid;
    /** The levels a depth row's level belongs to. */
    PriceLevels levels;
    /** Level, bracket or component within the event; -1 when the event has none. */
    int item;
    /** Write decimals as doubles ({@code --float}). */
    boolean floats;

    /** Scratch for a wide decimal's bytes. */
    final byte[] wide = new byte[Column.WIDE_BYTES];
    /** Scratch for a level's price or quantity. */
    final Decimal decimal = new Decimal();
}
