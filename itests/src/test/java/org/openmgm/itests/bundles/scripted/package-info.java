/** A scripted protocol bundle the tests build with TinyBundles (not part of the probe's API). */
package org.openmgm.itests.bundles.scripted;
