/**
 * Shared foundations of ticktape: error codes, markets and version information.
 * <p>
 * {@code core} knows nothing of WebSockets, Parquet or the CLI; recorder, replayer, exporter and
 * tools depend on it, never the other way round.
 */
package dev.ticktape.core;
