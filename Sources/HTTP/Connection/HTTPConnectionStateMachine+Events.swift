extension HTTPConnectionStateMachine {
    /// Bytes arrived from the peer at `now`.
    public mutating func bytesReceived(_ bytes: UnsafeRawBufferPointer, now: UInt64) -> HTTPConnectionActions {
        switch phase {
        case .closed, .closing, .lingering:
            return finish()  // discarded: the connection is ending
        case .awaitingResponse:
            input.append(contentsOf: bytes)
            return finish()
        case .idle, .head, .body:
            break
        }
        if input.isEmpty {
            let consumed = process(bytes, now: now)
            if consumed < bytes.count && keepsInput { input.append(contentsOf: bytes[consumed...]) }
        } else {
            input.append(contentsOf: bytes)
            processBuffered(now: now)
        }
        return finish(dispatch: takeDispatch())
    }

    /// The peer shut down its write side (read returned 0).
    public mutating func peerClosedInput(now: UInt64) -> HTTPConnectionActions {
        peerClosed = true
        switch phase {
        case .idle, .head, .body:
            // Nothing in flight, or an incomplete request that can never finish.
            if output.isEmpty { phase = .closed } else { closeAfterOutput = true; phase = .closing }
        case .lingering:
            phase = .closed
        case .awaitingResponse, .closing, .closed:
            break
        }
        return finish()
    }

    /// The responder answered the request in flight.
    public mutating func respond(_ response: HTTPResponse, now: UInt64) -> HTTPConnectionActions {
        guard phase == .awaitingResponse, let request = head else { return finish() }
        let close = !request.keepAlive || shuttingDown || (peerClosed && input.isEmpty)
        let isHead = request.method == "HEAD"
        enqueue(
            HTTPResponseSerializer.render(
                response, isHead: isHead, versionMinor: request.versionMinor, keepAlive: !close, date: date),
            now: now)
        if HTTPResponseSerializer.needsSeparateBody(response, isHead: isHead) { enqueue(response.body, now: now) }
        head = nil
        body = []
        if close {
            closeAfterOutput = true
            phase = .closing
            input = []
            return finish()
        }
        phase = .idle(since: now)
        processBuffered(now: now)
        return finish(dispatch: takeDispatch())
    }

    /// The shell wrote `count` bytes of pending output.
    public mutating func wrote(_ count: Int, now: UInt64) -> HTTPConnectionActions {
        var remaining = count
        if remaining > 0 { lastWriteProgress = now }
        while remaining > 0, let first = output.first {
            let left = first.count - outputOffset
            if remaining >= left {
                remaining -= left
                output.removeFirst()
                outputOffset = 0
            } else {
                outputOffset += remaining
                remaining = 0
            }
        }
        afterOutputChange(now: now)
        return finish()
    }

    /// A deadline passed (or the loop's timer sweep ran) at `now`.
    public mutating func timerFired(now: UInt64) -> HTTPConnectionActions {
        if phase == .closed { return finish() }
        if !output.isEmpty && now >= lastWriteProgress &+ timeouts.write {
            phase = .closed  // slow reader: nothing more can be delivered
            return finish()
        }
        switch phase {
        case .idle(let since) where now >= since &+ timeouts.idle:
            phase = .closed
        case .head(let started) where now >= started &+ timeouts.header:
            fail(status: 408, now: now)
        case .body(let last) where now >= last &+ timeouts.body:
            fail(status: 408, now: now)
        case .lingering(let until) where now >= until:
            phase = .closed
        default:
            break
        }
        return finish()
    }

    /// Graceful shutdown began: idle connections close now, in-flight ones finish with
    /// `Connection: close`.
    public mutating func beginShutdown(now: UInt64) -> HTTPConnectionActions {
        shuttingDown = true
        switch phase {
        case .idle, .head:
            if output.isEmpty { phase = .closed } else { closeAfterOutput = true; phase = .closing }
        default:
            break
        }
        return finish()
    }

    /// The loop is forcing the connection closed (shutdown deadline passed).
    public mutating func forceClose() -> HTTPConnectionActions {
        phase = .closed
        return finish()
    }

    var keepsInput: Bool { isReadingPhase || phase == .awaitingResponse }

    var isReadingPhase: Bool {
        switch phase {
        case .idle, .head, .body: return true
        default: return false
        }
    }
}
