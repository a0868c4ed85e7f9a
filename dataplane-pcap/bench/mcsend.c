/* Multicast UDP blaster for the forwarding benchmark: sends fixed-size datagrams to GROUP:PORT out of
 * IFNAME with the given TTL for SECONDS (bounded), in sendmmsg batches, and prints the number sent.
 * Usage: mcsend IFNAME GROUP PORT SECONDS TTL PAYLOAD_BYTES */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s IFNAME GROUP PORT SECONDS TTL PAYLOAD\n", argv[0]);
        return 2;
    }
    const char *ifname = argv[1];
    double seconds = atof(argv[4]);
    int ttl = atoi(argv[5]), size = atoi(argv[6]);
    if (seconds <= 0 || seconds > 600 || size < 4 || size > 1400) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ip_mreqn mr = {0};
    mr.imr_ifindex = if_nametoindex(ifname);
    if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof mr) < 0 ||
        setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) < 0 ||
        setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname)) < 0) {
        perror("setsockopt");
        return 1;
    }
    int loop = 0;
    setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[3]))};
    inet_pton(AF_INET, argv[2], &to.sin_addr);
    enum { BATCH = 32 };
    static char buf[BATCH][1500];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buf[i];
        iov[i].iov_len = size;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &to;
        msgs[i].msg_hdr.msg_namelen = sizeof to;
    }
    unsigned long sent = 0;
    double end = now() + seconds;
    while (now() < end) {
        for (int i = 0; i < BATCH; i++) {
            unsigned long seq = sent + i;
            buf[i][0] = seq >> 24; buf[i][1] = seq >> 16; buf[i][2] = seq >> 8; buf[i][3] = seq;
        }
        int n = sendmmsg(s, msgs, BATCH, 0);
        if (n > 0) sent += n;
    }
    printf("%lu\n", sent);
    return 0;
}
