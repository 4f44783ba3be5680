/**
 * @module bench/calls-wake: loaded with `--import` into a process that bench:calls runs under
 * callgrind. Valgrind reads callgrind_control's commands only while the process runs code, so an
 * idle server (blocked in epoll_wait) would never turn counting on; this wakes it every 20 ms.
 */
setInterval(() => undefined, 20).unref()
