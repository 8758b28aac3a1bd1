import Lambda
import Testing

@Suite struct EnvironmentPoolTests {
    typealias ID = EnvironmentPool.EnvironmentID

    @Test func createsUpToTheLimitThenThrottles() {
        var pool = EnvironmentPool(concurrencyLimit: 2)
        let r1 = pool.acquire()
        #expect(r1 == .create(ID(1)))
        let r2 = pool.acquire()
        #expect(r2 == .create(ID(2)))
        let r3 = pool.acquire()
        #expect(r3 == .throttle)
        #expect(pool.concurrentExecutions == 2)
    }

    @Test func reusesWarmEnvironmentsLastInFirstOut() {
        var pool = EnvironmentPool(concurrencyLimit: 3)
        _ = pool.acquire()
        _ = pool.acquire()
        let r4 = pool.release(ID(1), now: 10)
        #expect(r4 == .keepWarm)
        let r5 = pool.release(ID(2), now: 20)
        #expect(r5 == .keepWarm)
        let r6 = pool.acquire()
        #expect(r6 == .reuse(ID(2)))
        let r7 = pool.acquire()
        #expect(r7 == .reuse(ID(1)))
        let r8 = pool.acquire()
        #expect(r8 == .create(ID(3)))
        let r9 = pool.acquire()
        #expect(r9 == .throttle)
    }

    @Test func discardFreesTheSlotAndNeverReuses() {
        var pool = EnvironmentPool(concurrencyLimit: 1)
        _ = pool.acquire()
        let r10 = pool.discard(ID(1))
        #expect(r10)
        let r11 = pool.release(ID(1), now: 0)
        #expect(r11 == .unknown)
        let r12 = pool.acquire()
        #expect(r12 == .create(ID(2)))
        let unknown = pool.discard(ID(9))
        #expect(!unknown)
    }

    @Test func idleEvictionDropsOnlyExpired() {
        var pool = EnvironmentPool(concurrencyLimit: 3)
        _ = pool.acquire()
        _ = pool.acquire()
        _ = pool.release(ID(1), now: 0)
        _ = pool.release(ID(2), now: 500)
        let r13 = pool.evictIdle(now: 1000, keepAlive: 600)
        #expect(r13 == [ID(1)])
        #expect(pool.idle.map(\.id) == [ID(2)])
        let r14 = pool.evictIdle(now: 1100, keepAlive: 600)
        #expect(r14 == [ID(2)])
        #expect(pool.environmentCount == 0)
    }

    @Test func evictAllDropsBusyEnvironmentsWhenTheyFinish() {
        var pool = EnvironmentPool(concurrencyLimit: 2)
        _ = pool.acquire()
        _ = pool.acquire()
        _ = pool.release(ID(1), now: 0)
        let r15 = pool.evictAll()
        #expect(r15 == [ID(1)])
        let r16 = pool.release(ID(2), now: 1)
        #expect(r16 == .discard)
        #expect(pool.environmentCount == 0)
        let r17 = pool.acquire()
        #expect(r17 == .create(ID(3)))
    }

    @Test func zeroLimitAlwaysThrottlesAndLimitCanChange() {
        var pool = EnvironmentPool(concurrencyLimit: 0)
        let r18 = pool.acquire()
        #expect(r18 == .throttle)
        pool.setConcurrencyLimit(1)
        let r19 = pool.acquire()
        #expect(r19 == .create(ID(1)))
    }
}
