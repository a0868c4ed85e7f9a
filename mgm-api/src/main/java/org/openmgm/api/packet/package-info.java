/** See the package's types; the API is described in README.md and ../shared/spec/MGM-SPEC.md. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.openmgm.api.packet;
