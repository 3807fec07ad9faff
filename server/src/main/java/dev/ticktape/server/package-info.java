/**
 * A replay served over Binance's own market-data WebSocket protocol, so that an unmodified Binance
 * client connects to a journal as it would to Binance ({@code ticktape serve}):
 * {@link dev.ticktape.server.ReplayServer}, configured by {@link dev.ticktape.server.ServeOptions}.
 * Each connection replays through the replay library ({@link dev.ticktape.replayer.Replayer}).
 */
package dev.ticktape.server;
