/**
 * The OpenMGM launcher: starts an embedded Felix framework from a distribution folder, serves
 * {@code openmgm-ctl} over a UNIX domain socket, and stops cleanly on SIGTERM. Not a bundle;
 * nothing imports it.
 */
package org.openmgm.launcher;
