package org.openmgm.igmp.router;

/** A group's router filter mode (RFC 3376 §6.2.1). */
public enum FilterMode { INCLUDE, EXCLUDE }
