/**
 * PIM's own I/O: the raw IP protocol 103 socket (FFM on libc), the Linux packet tap used by a DR
 * to encapsulate data of directly connected sources, and the kernel's unicast routes.
 */
package org.openmgm.pim.io;
