/**
 * The recorder: Binance WebSocket connections into journals (connections, sharding, rate limits, snapshots).
 * Built on {@code core}; not implemented yet.
 */
package dev.ticktape.recorder;
