/**
 * Decoding: raw frames into typed events through one {@link dev.ticktape.core.decode.MarketDataListener},
 * the same for live data and replay. Prices and quantities stay exact
 * ({@link dev.ticktape.core.decode.Decimal}); times keep their unit. Nothing is allocated per frame.
 */
package dev.ticktape.core.decode;
