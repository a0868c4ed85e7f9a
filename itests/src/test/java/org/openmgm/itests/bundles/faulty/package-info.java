/** A deliberately faulty protocol bundle the tests build with TinyBundles. */
package org.openmgm.itests.bundles.faulty;
