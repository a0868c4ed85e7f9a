/** The PIM bundle's wiring: configuration, the runtime that joins the protocol logic to its I/O, the DS components and the pim:* commands. */
package org.openmgm.pim.internal;
