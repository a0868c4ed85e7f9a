/**
 * JMH benchmarks of the MGM engine and the heap-per-MFE measurement; run with {@code bench/run.sh}.
 * Not a bundle and not part of any test run.
 */
package org.openmgm.bench;
