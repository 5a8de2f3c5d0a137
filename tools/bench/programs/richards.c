/* The Richards benchmark: Martin Richards' simulation of the task scheduler
   of a small operating system. Six tasks (an idle task, a worker, two
   handlers and two devices) pass packets to each other under a priority
   scheduler. A task is a struct with a function pointer, fn, and a union of
   the state of each kind of task, so every step of the scheduler is an
   indirect call. A run ends when the idle task has counted down from
   IDLE_COUNT; it is repeated ITERATIONS times, and every run must queue
   EXPECTED_QPKT packets and hold a task EXPECTED_HOLD times. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ITERATIONS 1000
#define IDLE_COUNT 10000
#define EXPECTED_QPKT 23246
#define EXPECTED_HOLD 9297

#define BUFSIZE 4
#define LETTER_A 'A' /* the worker fills packets with letters */

/* the task identifiers, which index task_table (0 is unused) */
#define I_IDLE 1
#define I_WORK 2
#define I_HANDLER_A 3
#define I_HANDLER_B 4
#define I_DEV_A 5
#define I_DEV_B 6
#define N_TASKS 7

/* the kinds of packet */
#define K_DEV 1000
#define K_WORK 1001

typedef struct Packet {
    struct Packet *link;
    int32_t ident;
    int32_t kind;
    int32_t datum;
    int32_t data[BUFSIZE];
} Packet;

typedef struct Task Task;

/* one step of a task, given the packet it has received or NULL; returns
   the task to run next */
typedef Task *(*TaskFn)(Task *self, Packet *pkt);

struct Task {
    Task *link;
    int32_t ident;
    int32_t priority;
    Packet *input;
    bool packet_pending;
    bool waiting;
    bool holding;
    TaskFn fn;
    union {
        struct {
            int32_t control;
            int32_t count;
        } idle;
        struct {
            int32_t destination;
            int32_t count;
        } worker;
        struct {
            Packet *work_in;
            Packet *device_in;
        } handler;
        struct {
            Packet *pending;
        } device;
    } u;
};

/* The state of the scheduler: the tasks by identifier, the task list, and
   the counts of packets queued and of holds. */
static Task *task_table[N_TASKS];
static Task *task_list;
static int32_t qpkt_count;
static int32_t hold_count;

static void *xmalloc(size_t size) {
    void *p = malloc(size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- packets ---- */

static Packet *new_packet(Packet *link, int32_t ident, int32_t kind) {
    Packet *p = xmalloc(sizeof *p);
    p->link = link;
    p->ident = ident;
    p->kind = kind;
    p->datum = 0;
    for (int32_t i = 0; i < BUFSIZE; i++)
        p->data[i] = 0;
    return p;
}

/* puts pkt at the end of queue, and returns the queue */
static Packet *append_to(Packet *pkt, Packet *queue) {
    pkt->link = NULL;
    if (queue == NULL)
        return pkt;
    Packet *p = queue;
    while (p->link != NULL)
        p = p->link;
    p->link = pkt;
    return queue;
}

/* ---- the operations common to all tasks ---- */

static Task *find_task(int32_t ident) {
    Task *t = task_table[ident];
    if (t == NULL) {
        fprintf(stderr, "bad task id %d\n", ident);
        exit(1);
    }
    return t;
}

static bool is_holding_or_waiting(const Task *t) {
    return t->holding || (!t->packet_pending && t->waiting);
}

static Task *run_task(Task *t) {
    Packet *pkt = NULL;
    if (t->packet_pending && t->waiting && !t->holding) {
        pkt = t->input;
        t->input = pkt->link;
        t->packet_pending = t->input != NULL;
        t->waiting = false;
    }
    return t->fn(t, pkt);
}

/* queues pkt, sent by the task old; returns the task to run next */
static Task *add_packet(Task *t, Packet *pkt, Task *old) {
    if (t->input == NULL) {
        t->input = pkt;
        t->packet_pending = true;
        if (t->priority > old->priority)
            return t;
    } else {
        t->input = append_to(pkt, t->input);
    }
    return old;
}

static Task *task_wait(Task *t) {
    t->waiting = true;
    return t;
}

static Task *task_hold(Task *t) {
    hold_count++;
    t->holding = true;
    return t->link;
}

static Task *task_release(Task *self, int32_t ident) {
    Task *t = find_task(ident);
    t->holding = false;
    if (t->priority > self->priority)
        return t;
    return self;
}

/* sends pkt to the task it names */
static Task *qpkt(Task *self, Packet *pkt) {
    Task *t = find_task(pkt->ident);
    qpkt_count++;
    pkt->link = NULL;
    pkt->ident = self->ident;
    return add_packet(t, pkt, self);
}

/* ---- the four kinds of task ---- */

static Task *idle_fn(Task *self, Packet *pkt) {
    (void)pkt;
    self->u.idle.count--;
    if (self->u.idle.count == 0)
        return task_hold(self);
    if ((self->u.idle.control & 1) == 0) {
        self->u.idle.control = self->u.idle.control / 2;
        return task_release(self, I_DEV_A);
    }
    self->u.idle.control = (self->u.idle.control / 2) ^ 0xD008;
    return task_release(self, I_DEV_B);
}

static Task *worker_fn(Task *self, Packet *pkt) {
    if (pkt == NULL)
        return task_wait(self);
    if (self->u.worker.destination == I_HANDLER_A)
        self->u.worker.destination = I_HANDLER_B;
    else
        self->u.worker.destination = I_HANDLER_A;
    pkt->ident = self->u.worker.destination;
    pkt->datum = 0;
    for (int32_t i = 0; i < BUFSIZE; i++) {
        self->u.worker.count++;
        if (self->u.worker.count > 26)
            self->u.worker.count = 1;
        pkt->data[i] = LETTER_A + self->u.worker.count - 1;
    }
    return qpkt(self, pkt);
}

static Task *handler_fn(Task *self, Packet *pkt) {
    if (pkt != NULL) {
        if (pkt->kind == K_WORK)
            self->u.handler.work_in = append_to(pkt, self->u.handler.work_in);
        else
            self->u.handler.device_in = append_to(pkt, self->u.handler.device_in);
    }
    Packet *work = self->u.handler.work_in;
    if (work == NULL)
        return task_wait(self);
    int32_t count = work->datum;
    if (count >= BUFSIZE) {
        self->u.handler.work_in = work->link;
        return qpkt(self, work);
    }
    Packet *dev = self->u.handler.device_in;
    if (dev == NULL)
        return task_wait(self);
    self->u.handler.device_in = dev->link;
    dev->datum = work->data[count];
    work->datum = count + 1;
    return qpkt(self, dev);
}

static Task *device_fn(Task *self, Packet *pkt) {
    if (pkt == NULL) {
        Packet *done = self->u.device.pending;
        if (done == NULL)
            return task_wait(self);
        self->u.device.pending = NULL;
        return qpkt(self, done);
    }
    self->u.device.pending = pkt;
    return task_hold(self);
}

/* ---- the scheduler ---- */

/* a new task, registered: the task list runs from the newest task, the one
   of the highest priority, to the oldest */
static Task *add_task(int32_t ident, int32_t priority, Packet *input,
                      bool packet_pending, bool waiting, TaskFn fn) {
    Task *t = xmalloc(sizeof *t);
    t->link = task_list;
    t->ident = ident;
    t->priority = priority;
    t->input = input;
    t->packet_pending = packet_pending;
    t->waiting = waiting;
    t->holding = false;
    t->fn = fn;
    task_list = t;
    task_table[ident] = t;
    return t;
}

static void schedule(void) {
    Task *t = task_list;
    while (t != NULL) {
        if (is_holding_or_waiting(t))
            t = t->link;
        else
            t = run_task(t);
    }
}

/* the packets that were allocated for a run, to free them afterwards */
static Packet *packets[8];

/* one run of the six tasks, from a clean state */
static void run_once(int32_t idle_count) {
    for (int32_t i = 0; i < N_TASKS; i++)
        task_table[i] = NULL;
    task_list = NULL;
    qpkt_count = 0;
    hold_count = 0;
    Task *t = add_task(I_IDLE, 1, NULL, false, false, idle_fn);
    t->u.idle.control = 1;
    t->u.idle.count = idle_count;
    Packet *queue = packets[0] = new_packet(NULL, 0, K_WORK);
    queue = packets[1] = new_packet(queue, 0, K_WORK);
    t = add_task(I_WORK, 1000, queue, true, true, worker_fn);
    t->u.worker.destination = I_HANDLER_A;
    t->u.worker.count = 0;
    queue = packets[2] = new_packet(NULL, I_DEV_A, K_DEV);
    queue = packets[3] = new_packet(queue, I_DEV_A, K_DEV);
    queue = packets[4] = new_packet(queue, I_DEV_A, K_DEV);
    t = add_task(I_HANDLER_A, 2000, queue, true, true, handler_fn);
    t->u.handler.work_in = NULL;
    t->u.handler.device_in = NULL;
    queue = packets[5] = new_packet(NULL, I_DEV_B, K_DEV);
    queue = packets[6] = new_packet(queue, I_DEV_B, K_DEV);
    queue = packets[7] = new_packet(queue, I_DEV_B, K_DEV);
    t = add_task(I_HANDLER_B, 3000, queue, true, true, handler_fn);
    t->u.handler.work_in = NULL;
    t->u.handler.device_in = NULL;
    t = add_task(I_DEV_A, 4000, NULL, false, true, device_fn);
    t->u.device.pending = NULL;
    t = add_task(I_DEV_B, 5000, NULL, false, true, device_fn);
    t->u.device.pending = NULL;
    schedule();
    for (int32_t i = 0; i < N_TASKS; i++)
        free(task_table[i]);
    for (int32_t i = 0; i < 8; i++)
        free(packets[i]);
}

int main(void) {
    int64_t total_qpkt = 0;
    int64_t total_hold = 0;
    for (int32_t i = 0; i < ITERATIONS; i++) {
        run_once(IDLE_COUNT);
        if (qpkt_count != EXPECTED_QPKT || hold_count != EXPECTED_HOLD) {
            printf("run %d went wrong: %d packets %d holds\n", i, qpkt_count,
                   hold_count);
            return 0;
        }
        total_qpkt += qpkt_count;
        total_hold += hold_count;
    }
    printf("iterations %d idle count %d\n", ITERATIONS, IDLE_COUNT);
    printf("qpkt_count %d hold_count %d\n", qpkt_count, hold_count);
    printf("total packets %lld total holds %lld\n", (long long)total_qpkt,
           (long long)total_hold);
    return 0;
}
