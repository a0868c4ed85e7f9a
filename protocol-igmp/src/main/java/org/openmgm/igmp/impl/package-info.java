/** The OSGi side of IGMP: the DS component registered with the MGM, its configuration, the proxy RIB and the igmp:* commands. */
package org.openmgm.igmp.impl;
