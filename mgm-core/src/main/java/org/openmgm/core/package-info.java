/** The MGM engine ({@link org.openmgm.core.MgmEngine}), its OSGi component and whiteboard. Not exported. */
package org.openmgm.core;
