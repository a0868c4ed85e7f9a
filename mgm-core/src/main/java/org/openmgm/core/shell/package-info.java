/**
 * The operator's view of the MGM: the {@code mgm:*} Gogo commands ({@link org.openmgm.core.shell.MgmCommands})
 * and the built-in "static" client that holds configured memberships
 * ({@link org.openmgm.core.shell.StaticMemberships}, PID {@code org.openmgm.static}). Not exported.
 */
package org.openmgm.core.shell;
