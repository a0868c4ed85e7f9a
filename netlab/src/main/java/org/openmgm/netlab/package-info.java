/**
 * Network-namespace test harness: {@link org.openmgm.netlab.Netlab} creates hosts and routers as
 * Linux network namespaces joined by veth links, with addresses from 198.18.0.0/15 only, runs
 * commands and background processes inside them, sends and receives multicast with the kernel's own
 * IGMP stack, and removes everything on close (and from a JVM shutdown hook).
 *
 * <pre>{@code
 * assumeTrue(Netlab.available());
 * try (Netlab lab = Netlab.create("igmp")) {
 *     Node h = lab.host("h1"), r = lab.router("r");
 *     Link l = lab.link(h, "eth0", r, "eth1");          // a /24 from 198.18.0.0/15, .1 on h, .2 on r
 *     try (MulticastReceiver rx = h.receiver("eth0", "239.1.1.1", 5000).start()) { ... }
 * }
 * }</pre>
 */
package org.openmgm.netlab;
