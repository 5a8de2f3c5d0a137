"""The Richards benchmark: Martin Richards' simulation of the task scheduler
of a small operating system. Six tasks (an idle task, a worker, two handlers
and two devices) pass packets to each other under a priority scheduler. Each
kind of task is a subclass of Task that overrides fn(), so every step of the
scheduler is a virtual call. A run ends when the idle task has counted down
from IDLE_COUNT; it is repeated ITERATIONS times, and every run must queue
EXPECTED_QPKT packets and hold a task EXPECTED_HOLD times."""

ITERATIONS = 1000
IDLE_COUNT = 10000
EXPECTED_QPKT = 23246
EXPECTED_HOLD = 9297

BUFSIZE = 4
LETTER_A = ord("A")  # the worker fills packets with letters

# the task identifiers, which index task_table (0 is unused)
I_IDLE = 1
I_WORK = 2
I_HANDLER_A = 3
I_HANDLER_B = 4
I_DEV_A = 5
I_DEV_B = 6
N_TASKS = 7

# the kinds of packet
K_DEV = 1000
K_WORK = 1001


class Packet:
    __slots__ = ("data", "datum", "ident", "kind", "link")

    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFSIZE

    def append_to(self, queue):
        """Puts self at the end of queue, and returns the queue."""
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    __slots__ = (
        "holding",
        "ident",
        "input",
        "link",
        "packet_pending",
        "priority",
        "waiting",
    )

    def __init__(self, ident, priority, input, packet_pending, waiting):
        self.link = None
        self.ident = ident
        self.priority = priority
        self.input = input
        self.packet_pending = packet_pending
        self.waiting = waiting
        self.holding = False

    def fn(self, pkt):
        """One step of the task, given the packet it has received or None;
        returns the task to run next."""
        raise NotImplementedError("Task.fn")

    def is_holding_or_waiting(self):
        return self.holding or (not self.packet_pending and self.waiting)

    def run(self):
        pkt = None
        if self.packet_pending and self.waiting and not self.holding:
            pkt = self.input
            self.input = pkt.link
            self.packet_pending = self.input is not None
            self.waiting = False
        return self.fn(pkt)

    def add_packet(self, pkt, old):
        """Queues pkt, sent by the task old; returns the task to run next."""
        if self.input is None:
            self.input = pkt
            self.packet_pending = True
            if self.priority > old.priority:
                return self
        else:
            self.input = pkt.append_to(self.input)
        return old

    def wait(self):
        self.waiting = True
        return self

    def hold(self):
        global hold_count
        hold_count += 1
        self.holding = True
        return self.link

    def release(self, ident):
        t = find_task(ident)
        t.holding = False
        if t.priority > self.priority:
            return t
        return self

    def qpkt(self, pkt):
        """Sends pkt to the task it names."""
        global qpkt_count
        t = find_task(pkt.ident)
        qpkt_count += 1
        pkt.link = None
        pkt.ident = self.ident
        return t.add_packet(pkt, self)


# The state of the scheduler: the tasks by identifier, the task list, and
# the counts of packets queued and of holds.
task_table = None
task_list = None
qpkt_count = 0
hold_count = 0


class IdleTask(Task):
    __slots__ = ("control", "count")

    def __init__(self, ident, priority, count):
        Task.__init__(self, ident, priority, None, False, False)
        self.control = 1
        self.count = count

    def fn(self, pkt):
        self.count -= 1
        if self.count == 0:
            return self.hold()
        if (self.control & 1) == 0:
            self.control = self.control // 2
            return self.release(I_DEV_A)
        self.control = (self.control // 2) ^ 0xD008
        return self.release(I_DEV_B)


class WorkerTask(Task):
    __slots__ = ("count", "destination")

    def __init__(self, ident, priority, queue):
        Task.__init__(self, ident, priority, queue, True, True)
        self.destination = I_HANDLER_A
        self.count = 0

    def fn(self, pkt):
        if pkt is None:
            return self.wait()
        if self.destination == I_HANDLER_A:
            self.destination = I_HANDLER_B
        else:
            self.destination = I_HANDLER_A
        pkt.ident = self.destination
        pkt.datum = 0
        for i in range(BUFSIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            pkt.data[i] = LETTER_A + self.count - 1
        return self.qpkt(pkt)


class HandlerTask(Task):
    __slots__ = ("device_in", "work_in")

    def __init__(self, ident, priority, queue):
        Task.__init__(self, ident, priority, queue, True, True)
        self.work_in = None
        self.device_in = None

    def fn(self, pkt):
        if pkt is not None:
            if pkt.kind == K_WORK:
                self.work_in = pkt.append_to(self.work_in)
            else:
                self.device_in = pkt.append_to(self.device_in)
        work = self.work_in
        if work is None:
            return self.wait()
        count = work.datum
        if count >= BUFSIZE:
            self.work_in = work.link
            return self.qpkt(work)
        dev = self.device_in
        if dev is None:
            return self.wait()
        self.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.qpkt(dev)


class DeviceTask(Task):
    __slots__ = ("pending",)

    def __init__(self, ident, priority):
        Task.__init__(self, ident, priority, None, False, True)
        self.pending = None

    def fn(self, pkt):
        if pkt is None:
            done = self.pending
            if done is None:
                return self.wait()
            self.pending = None
            return self.qpkt(done)
        self.pending = pkt
        return self.hold()


def add_task(task):
    """Registers task: the task list runs from the newest task, the one of
    the highest priority, to the oldest."""
    global task_list
    task.link = task_list
    task_list = task
    task_table[task.ident] = task


def find_task(ident):
    t = task_table[ident]
    if t is None:
        raise RuntimeError("bad task id " + str(ident))
    return t


def schedule():
    t = task_list
    while t is not None:
        if t.is_holding_or_waiting():
            t = t.link
        else:
            t = t.run()


def run_once(idle_count):
    """One run of the six tasks, from a clean state."""
    global task_table, task_list, qpkt_count, hold_count
    task_table = []
    for i in range(N_TASKS):
        task_table.append(None)
    task_list = None
    qpkt_count = 0
    hold_count = 0
    add_task(IdleTask(I_IDLE, 1, idle_count))
    queue = Packet(None, 0, K_WORK)
    queue = Packet(queue, 0, K_WORK)
    add_task(WorkerTask(I_WORK, 1000, queue))
    queue = Packet(None, I_DEV_A, K_DEV)
    queue = Packet(queue, I_DEV_A, K_DEV)
    queue = Packet(queue, I_DEV_A, K_DEV)
    add_task(HandlerTask(I_HANDLER_A, 2000, queue))
    queue = Packet(None, I_DEV_B, K_DEV)
    queue = Packet(queue, I_DEV_B, K_DEV)
    queue = Packet(queue, I_DEV_B, K_DEV)
    add_task(HandlerTask(I_HANDLER_B, 3000, queue))
    add_task(DeviceTask(I_DEV_A, 4000))
    add_task(DeviceTask(I_DEV_B, 5000))
    schedule()


def main():
    total_qpkt = 0
    total_hold = 0
    for i in range(ITERATIONS):
        run_once(IDLE_COUNT)
        if qpkt_count != EXPECTED_QPKT or hold_count != EXPECTED_HOLD:
            print("run", i, "went wrong:", qpkt_count, "packets", hold_count, "holds")
            return
        total_qpkt += qpkt_count
        total_hold += hold_count
    print("iterations", ITERATIONS, "idle count", IDLE_COUNT)
    print("qpkt_count", qpkt_count, "hold_count", hold_count)
    print("total packets", total_qpkt, "total holds", total_hold)


main()
