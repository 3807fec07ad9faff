/**
 * Binance's market-data protocol, written down once for every module: stream names and futures
 * routes ({@link dev.ticktape.core.binance.StreamNames}) and the WebSocket URL forms
 * ({@link dev.ticktape.core.binance.StreamUrl}). The recorder, the simulator and the replay server
 * read them from here rather than each parsing them again.
 */
package dev.ticktape.core.binance;
