/**
 * Binance's market-data protocol, written down once for every module: hosts and REST paths
 * ({@link dev.ticktape.core.binance.Endpoints}), stream names and futures routes
 * ({@link dev.ticktape.core.binance.StreamNames}), the WebSocket URL forms
 * ({@link dev.ticktape.core.binance.StreamUrl}), the SBE messages' layout
 * ({@link dev.ticktape.core.binance.SbeLayout}) and single-field scans of raw JSON
 * ({@link dev.ticktape.core.binance.JsonFields}). The decoders, the recorder, the simulator and the
 * replay server read them from here rather than each parsing them again.
 */
package dev.ticktape.core.binance;
