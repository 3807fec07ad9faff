/**
 * Local order books kept from REST depth snapshots plus diff-depth events, following Binance's
 * documented procedures for spot ({@code U}/{@code u}) and USDⓈ-M futures ({@code pu}), for JSON
 * and SBE diffs alike. A broken chain is reported, never papered over. {@link dev.ticktape.core.book.BookReplay}
 * keeps them from a journal's frames, as a replay or a reader delivers them.
 */
package dev.ticktape.core.book;
