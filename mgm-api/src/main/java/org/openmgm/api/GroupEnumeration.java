package org.openmgm.api;

import java.util.List;

/** An open group enumeration (MgmGroupEnumerationGetNext / End). Records come in no particular order. */
public interface GroupEnumeration extends AutoCloseable {

    /** Up to {@code max} further records; an empty list means the end was reached. */
    List<MembershipKey> next(int max);

    /** MgmGroupEnumerationEnd; later calls fail with INVALID_PARAMETER. */
    @Override
    void close();
}
