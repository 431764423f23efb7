/*
 * epoll_upper: the C reference server of bench/compare.sh, what one thread can do with no framework at all.
 * Listens on 127.0.0.1:PORT and sends back every byte it reads with ASCII a-z uppercased, as it arrives: the
 * same replies as upcase for ASCII text in line framing and in raw framing alike, so it runs every scenario.
 *
 *   cc -O2 -o epoll_upper epoll_upper.c && ./epoll_upper PORT
 *
 * One thread, level-triggered epoll, one read buffer for all connections. A reply the client does not take at once
 * is copied aside and sent when the socket is writable again; meanwhile that connection is not read (back-pressure,
 * as upcase and Netty do). An idle connection costs a few bytes here, and the kernel's socket buffers.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER 65536

struct conn {
	int fd;
	char *pending;                    /* bytes of the last read not written yet, or NULL */
	size_t pending_off, pending_len;
};

static int epfd;
static char buf[BUFFER];

static void watch(struct conn *c, int op, unsigned events) {
	struct epoll_event ev = { .events = events, .data.ptr = c };
	epoll_ctl(epfd, op, c->fd, &ev);
}

static void drop(struct conn *c) {
	close(c->fd);  /* also removes it from the epoll set */
	free(c->pending);
	free(c);
}

/* writes from, len bytes; returns how many did not fit the socket, or -1 on error */
static ssize_t write_all(int fd, const char *from, size_t len) {
	while (len > 0) {
		ssize_t n = write(fd, from, len);
		if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? (ssize_t) len : -1;
		from += n;
		len -= (size_t) n;
	}
	return 0;
}

static void on_event(struct conn *c, unsigned events) {
	if (c->pending != NULL) {  /* writable again */
		ssize_t left = write_all(c->fd, c->pending + c->pending_off, c->pending_len);
		if (left < 0) { drop(c); return; }
		c->pending_off += c->pending_len - (size_t) left;
		c->pending_len = (size_t) left;
		if (left > 0) return;
		free(c->pending);
		c->pending = NULL;
		watch(c, EPOLL_CTL_MOD, EPOLLIN);
		return;
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
	ssize_t n = read(c->fd, buf, BUFFER);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) { drop(c); return; }
	if (n < 0) return;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
	}
	ssize_t left = write_all(c->fd, buf, (size_t) n);
	if (left < 0) { drop(c); return; }
	if (left > 0) {
		c->pending = malloc((size_t) left);
		if (c->pending == NULL) { drop(c); return; }
		memcpy(c->pending, buf + (n - left), (size_t) left);
		c->pending_off = 0;
		c->pending_len = (size_t) left;
		watch(c, EPOLL_CTL_MOD, EPOLLOUT);
	}
}

int main(int argc, char **argv) {
	if (argc != 2) { fprintf(stderr, "usage: epoll_upper PORT\n"); return 2; }
	signal(SIGPIPE, SIG_IGN);
	int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1])) };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 4096) < 0) {
		perror("epoll_upper: cannot listen");
		return 1;
	}
	epfd = epoll_create1(0);
	struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };  /* NULL marks the listener */
	epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &lev);
	printf("epoll_upper listening on 127.0.0.1:%s\n", argv[1]);
	fflush(stdout);
	struct epoll_event events[256];
	for (;;) {
		int ready = epoll_wait(epfd, events, 256, -1);
		for (int i = 0; i < ready; i++) {
			if (events[i].data.ptr != NULL) { on_event(events[i].data.ptr, events[i].events); continue; }
			int fd;
			while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
				struct conn *c = malloc(sizeof *c);
				if (c == NULL) { close(fd); continue; }
				c->fd = fd;
				c->pending = NULL;
				c->pending_off = c->pending_len = 0;
				watch(c, EPOLL_CTL_ADD, EPOLLIN);
			}
		}
	}
}
