/**
 * The exporter: journals to typed, partitioned Parquet.
 * Built on {@code core}; not implemented yet.
 */
package dev.ticktape.exporter;
