/**
 * The PIM-SM/SSM protocol logic (RFC 7761 subset): neighbours and DR election, upstream and
 * downstream join/prune state machines, registers, asserts, and the MGM callbacks. Pure Java: fed
 * with parsed messages, timers through {@link org.openmgm.api.Scheduler}, output through
 * {@link org.openmgm.pim.engine.PimOutput}; no OSGi and no I/O, so tests drive it with a manual scheduler.
 */
package org.openmgm.pim.engine;
