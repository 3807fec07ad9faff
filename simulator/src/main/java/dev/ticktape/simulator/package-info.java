/**
 * A local Binance-compatible market-data server for demos, tests and benchmarks: a deterministic
 * market model per symbol behind WebSocket endpoints that speak Binance's URL forms, control
 * messages and payloads, plus REST depth snapshots aligned with the diff streams. It binds
 * loopback unless told otherwise and cannot reach Binance.
 */
package dev.ticktape.simulator;
