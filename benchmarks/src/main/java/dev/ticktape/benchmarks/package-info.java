/**
 * JMH benchmarks: each subject with a naive or raw baseline beside it, measured in the same run.
 */
package dev.ticktape.benchmarks;
