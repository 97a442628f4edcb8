/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

const $number = (v) => (typeof v === "number" ? v : v.toNumber());

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

const $root = $protobuf.roots["control"] || ($protobuf.roots["control"] = {});

export const loadfleet = $root.loadfleet = (() => {

    const loadfleet = {};

    loadfleet.control = (function() {

        const control = {};

        control.RunSpec = (function() {

            function RunSpec(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            RunSpec.prototype.runId = "";
            RunSpec.prototype.planJson = "";
            RunSpec.prototype.startAt = 0;
            RunSpec.prototype.controllerId = "";
            RunSpec.prototype.ownerTimeoutMs = 0;
            RunSpec.prototype.planVersion = 0;
            RunSpec.prototype.fence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            RunSpec.create = function create(properties) {
                return new RunSpec(properties);
            };

            RunSpec.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.planJson != null && Object.hasOwnProperty.call(m, "planJson"))
                    w.uint32(18).string(m.planJson);
                if (m.startAt != null && Object.hasOwnProperty.call(m, "startAt"))
                    w.uint32(25).double(m.startAt);
                if (m.controllerId != null && Object.hasOwnProperty.call(m, "controllerId"))
                    w.uint32(34).string(m.controllerId);
                if (m.ownerTimeoutMs != null && Object.hasOwnProperty.call(m, "ownerTimeoutMs"))
                    w.uint32(40).uint32(m.ownerTimeoutMs);
                if (m.planVersion != null && Object.hasOwnProperty.call(m, "planVersion"))
                    w.uint32(48).uint32(m.planVersion);
                if (m.fence != null && Object.hasOwnProperty.call(m, "fence"))
                    w.uint32(56).uint64(m.fence);
                return w;
            };

            RunSpec.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.RunSpec();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.planJson = r.string();
                            break;
                        }
                    case 3: {
                            m.startAt = r.double();
                            break;
                        }
                    case 4: {
                            m.controllerId = r.string();
                            break;
                        }
                    case 5: {
                            m.ownerTimeoutMs = r.uint32();
                            break;
                        }
                    case 6: {
                            m.planVersion = r.uint32();
                            break;
                        }
                    case 7: {
                            m.fence = $number(r.uint64());
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            RunSpec.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.RunSpec";
            };

            return RunSpec;
        })();

        control.QuotaRequest = (function() {

            function QuotaRequest(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            QuotaRequest.prototype.runId = "";
            QuotaRequest.prototype.workerId = "";
            QuotaRequest.prototype.freeCapacity = 0;
            QuotaRequest.prototype.weight = 0;
            QuotaRequest.prototype.activeUsers = 0;
            QuotaRequest.prototype.grantedThrough = 0;
            QuotaRequest.prototype.lastUserId = 0;
            QuotaRequest.prototype.lastGrantAt = 0;
            QuotaRequest.prototype.usersGranted = null;
            QuotaRequest.prototype.dropsReceived = null;
            QuotaRequest.prototype.pendingStarts = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(QuotaRequest.prototype, "_usersGranted", {
                get: $util.oneOfGetter($oneOfFields = ["usersGranted"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(QuotaRequest.prototype, "_dropsReceived", {
                get: $util.oneOfGetter($oneOfFields = ["dropsReceived"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(QuotaRequest.prototype, "_pendingStarts", {
                get: $util.oneOfGetter($oneOfFields = ["pendingStarts"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            QuotaRequest.create = function create(properties) {
                return new QuotaRequest(properties);
            };

            QuotaRequest.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.workerId != null && Object.hasOwnProperty.call(m, "workerId"))
                    w.uint32(18).string(m.workerId);
                if (m.freeCapacity != null && Object.hasOwnProperty.call(m, "freeCapacity"))
                    w.uint32(24).uint32(m.freeCapacity);
                if (m.weight != null && Object.hasOwnProperty.call(m, "weight"))
                    w.uint32(32).uint32(m.weight);
                if (m.activeUsers != null && Object.hasOwnProperty.call(m, "activeUsers"))
                    w.uint32(40).uint32(m.activeUsers);
                if (m.grantedThrough != null && Object.hasOwnProperty.call(m, "grantedThrough"))
                    w.uint32(49).double(m.grantedThrough);
                if (m.lastUserId != null && Object.hasOwnProperty.call(m, "lastUserId"))
                    w.uint32(56).uint32(m.lastUserId);
                if (m.lastGrantAt != null && Object.hasOwnProperty.call(m, "lastGrantAt"))
                    w.uint32(65).double(m.lastGrantAt);
                if (m.usersGranted != null && Object.hasOwnProperty.call(m, "usersGranted"))
                    w.uint32(72).uint32(m.usersGranted);
                if (m.dropsReceived != null && Object.hasOwnProperty.call(m, "dropsReceived"))
                    w.uint32(80).uint32(m.dropsReceived);
                if (m.pendingStarts != null && Object.hasOwnProperty.call(m, "pendingStarts"))
                    w.uint32(88).uint32(m.pendingStarts);
                return w;
            };

            QuotaRequest.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.QuotaRequest();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.workerId = r.string();
                            break;
                        }
                    case 3: {
                            m.freeCapacity = r.uint32();
                            break;
                        }
                    case 4: {
                            m.weight = r.uint32();
                            break;
                        }
                    case 5: {
                            m.activeUsers = r.uint32();
                            break;
                        }
                    case 6: {
                            m.grantedThrough = r.double();
                            break;
                        }
                    case 7: {
                            m.lastUserId = r.uint32();
                            break;
                        }
                    case 8: {
                            m.lastGrantAt = r.double();
                            break;
                        }
                    case 9: {
                            m.usersGranted = r.uint32();
                            break;
                        }
                    case 10: {
                            m.dropsReceived = r.uint32();
                            break;
                        }
                    case 11: {
                            m.pendingStarts = r.uint32();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            QuotaRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.QuotaRequest";
            };

            return QuotaRequest;
        })();

        control.QuotaGrant = (function() {

            function QuotaGrant(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            QuotaGrant.prototype.runId = "";
            QuotaGrant.prototype.firstUserId = 0;
            QuotaGrant.prototype.count = 0;
            QuotaGrant.prototype.windowStart = 0;
            QuotaGrant.prototype.windowEnd = 0;
            QuotaGrant.prototype.phase = 0;
            QuotaGrant.prototype.done = false;
            QuotaGrant.prototype.stopUsers = 0;
            QuotaGrant.prototype.dropped = 0;
            QuotaGrant.prototype.fence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            QuotaGrant.create = function create(properties) {
                return new QuotaGrant(properties);
            };

            QuotaGrant.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.firstUserId != null && Object.hasOwnProperty.call(m, "firstUserId"))
                    w.uint32(16).uint32(m.firstUserId);
                if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                    w.uint32(24).uint32(m.count);
                if (m.windowStart != null && Object.hasOwnProperty.call(m, "windowStart"))
                    w.uint32(33).double(m.windowStart);
                if (m.windowEnd != null && Object.hasOwnProperty.call(m, "windowEnd"))
                    w.uint32(41).double(m.windowEnd);
                if (m.phase != null && Object.hasOwnProperty.call(m, "phase"))
                    w.uint32(48).sint32(m.phase);
                if (m.done != null && Object.hasOwnProperty.call(m, "done"))
                    w.uint32(56).bool(m.done);
                if (m.stopUsers != null && Object.hasOwnProperty.call(m, "stopUsers"))
                    w.uint32(64).uint32(m.stopUsers);
                if (m.dropped != null && Object.hasOwnProperty.call(m, "dropped"))
                    w.uint32(72).uint32(m.dropped);
                if (m.fence != null && Object.hasOwnProperty.call(m, "fence"))
                    w.uint32(80).uint64(m.fence);
                return w;
            };

            QuotaGrant.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.QuotaGrant();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.firstUserId = r.uint32();
                            break;
                        }
                    case 3: {
                            m.count = r.uint32();
                            break;
                        }
                    case 4: {
                            m.windowStart = r.double();
                            break;
                        }
                    case 5: {
                            m.windowEnd = r.double();
                            break;
                        }
                    case 6: {
                            m.phase = r.sint32();
                            break;
                        }
                    case 7: {
                            m.done = r.bool();
                            break;
                        }
                    case 8: {
                            m.stopUsers = r.uint32();
                            break;
                        }
                    case 9: {
                            m.dropped = r.uint32();
                            break;
                        }
                    case 10: {
                            m.fence = $number(r.uint64());
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            QuotaGrant.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.QuotaGrant";
            };

            return QuotaGrant;
        })();

        control.RunHealth = (function() {

            function RunHealth(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            RunHealth.prototype.runId = "";
            RunHealth.prototype.activeUsers = 0;
            RunHealth.prototype.openSockets = 0;

            RunHealth.create = function create(properties) {
                return new RunHealth(properties);
            };

            RunHealth.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.activeUsers != null && Object.hasOwnProperty.call(m, "activeUsers"))
                    w.uint32(16).uint32(m.activeUsers);
                if (m.openSockets != null && Object.hasOwnProperty.call(m, "openSockets"))
                    w.uint32(24).uint32(m.openSockets);
                return w;
            };

            RunHealth.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.RunHealth();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.activeUsers = r.uint32();
                            break;
                        }
                    case 3: {
                            m.openSockets = r.uint32();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            RunHealth.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.RunHealth";
            };

            return RunHealth;
        })();

        control.WorkerHeartbeat = (function() {

            function WorkerHeartbeat(p) {
                this.runs = [];
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            WorkerHeartbeat.prototype.workerId = "";
            WorkerHeartbeat.prototype.host = "";
            WorkerHeartbeat.prototype.pid = 0;
            WorkerHeartbeat.prototype.capacity = 0;
            WorkerHeartbeat.prototype.activeUsers = 0;
            WorkerHeartbeat.prototype.weight = 0;
            WorkerHeartbeat.prototype.cpuPct = 0;
            WorkerHeartbeat.prototype.rssBytes = 0;
            WorkerHeartbeat.prototype.loopDelayP99Ms = 0;
            WorkerHeartbeat.prototype.openSockets = 0;
            WorkerHeartbeat.prototype.openFilesLimit = 0;
            WorkerHeartbeat.prototype.bufferedRecords = 0;
            WorkerHeartbeat.prototype.droppedRecords = 0;
            WorkerHeartbeat.prototype.runs = $util.emptyArray;
            WorkerHeartbeat.prototype.sentAt = 0;
            WorkerHeartbeat.prototype.capacityLimit = "";
            WorkerHeartbeat.prototype.version = "";
            WorkerHeartbeat.prototype.leaving = false;

            WorkerHeartbeat.create = function create(properties) {
                return new WorkerHeartbeat(properties);
            };

            WorkerHeartbeat.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.workerId != null && Object.hasOwnProperty.call(m, "workerId"))
                    w.uint32(10).string(m.workerId);
                if (m.host != null && Object.hasOwnProperty.call(m, "host"))
                    w.uint32(18).string(m.host);
                if (m.pid != null && Object.hasOwnProperty.call(m, "pid"))
                    w.uint32(24).uint32(m.pid);
                if (m.capacity != null && Object.hasOwnProperty.call(m, "capacity"))
                    w.uint32(32).uint32(m.capacity);
                if (m.activeUsers != null && Object.hasOwnProperty.call(m, "activeUsers"))
                    w.uint32(40).uint32(m.activeUsers);
                if (m.weight != null && Object.hasOwnProperty.call(m, "weight"))
                    w.uint32(48).uint32(m.weight);
                if (m.cpuPct != null && Object.hasOwnProperty.call(m, "cpuPct"))
                    w.uint32(57).double(m.cpuPct);
                if (m.rssBytes != null && Object.hasOwnProperty.call(m, "rssBytes"))
                    w.uint32(65).double(m.rssBytes);
                if (m.loopDelayP99Ms != null && Object.hasOwnProperty.call(m, "loopDelayP99Ms"))
                    w.uint32(73).double(m.loopDelayP99Ms);
                if (m.openSockets != null && Object.hasOwnProperty.call(m, "openSockets"))
                    w.uint32(80).uint32(m.openSockets);
                if (m.openFilesLimit != null && Object.hasOwnProperty.call(m, "openFilesLimit"))
                    w.uint32(88).uint32(m.openFilesLimit);
                if (m.bufferedRecords != null && Object.hasOwnProperty.call(m, "bufferedRecords"))
                    w.uint32(96).uint32(m.bufferedRecords);
                if (m.droppedRecords != null && Object.hasOwnProperty.call(m, "droppedRecords"))
                    w.uint32(104).uint32(m.droppedRecords);
                if (m.runs != null && m.runs.length) {
                    for (var i = 0; i < m.runs.length; ++i)
                        $root.loadfleet.control.RunHealth.encode(m.runs[i], w.uint32(114).fork(), q + 1).ldelim();
                }
                if (m.sentAt != null && Object.hasOwnProperty.call(m, "sentAt"))
                    w.uint32(121).double(m.sentAt);
                if (m.capacityLimit != null && Object.hasOwnProperty.call(m, "capacityLimit"))
                    w.uint32(130).string(m.capacityLimit);
                if (m.version != null && Object.hasOwnProperty.call(m, "version"))
                    w.uint32(138).string(m.version);
                if (m.leaving != null && Object.hasOwnProperty.call(m, "leaving"))
                    w.uint32(144).bool(m.leaving);
                return w;
            };

            WorkerHeartbeat.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.WorkerHeartbeat();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.workerId = r.string();
                            break;
                        }
                    case 2: {
                            m.host = r.string();
                            break;
                        }
                    case 3: {
                            m.pid = r.uint32();
                            break;
                        }
                    case 4: {
                            m.capacity = r.uint32();
                            break;
                        }
                    case 5: {
                            m.activeUsers = r.uint32();
                            break;
                        }
                    case 6: {
                            m.weight = r.uint32();
                            break;
                        }
                    case 7: {
                            m.cpuPct = r.double();
                            break;
                        }
                    case 8: {
                            m.rssBytes = r.double();
                            break;
                        }
                    case 9: {
                            m.loopDelayP99Ms = r.double();
                            break;
                        }
                    case 10: {
                            m.openSockets = r.uint32();
                            break;
                        }
                    case 11: {
                            m.openFilesLimit = r.uint32();
                            break;
                        }
                    case 12: {
                            m.bufferedRecords = r.uint32();
                            break;
                        }
                    case 13: {
                            m.droppedRecords = r.uint32();
                            break;
                        }
                    case 14: {
                            if (!(m.runs && m.runs.length))
                                m.runs = [];
                            m.runs.push($root.loadfleet.control.RunHealth.decode(r, r.uint32(), undefined, n + 1));
                            break;
                        }
                    case 15: {
                            m.sentAt = r.double();
                            break;
                        }
                    case 16: {
                            m.capacityLimit = r.string();
                            break;
                        }
                    case 17: {
                            m.version = r.string();
                            break;
                        }
                    case 18: {
                            m.leaving = r.bool();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            WorkerHeartbeat.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.WorkerHeartbeat";
            };

            return WorkerHeartbeat;
        })();

        control.StopRun = (function() {

            function StopRun(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            StopRun.prototype.runId = "";
            StopRun.prototype.reason = "";
            StopRun.prototype.graceMs = 0;
            StopRun.prototype.fence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            StopRun.create = function create(properties) {
                return new StopRun(properties);
            };

            StopRun.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                    w.uint32(18).string(m.reason);
                if (m.graceMs != null && Object.hasOwnProperty.call(m, "graceMs"))
                    w.uint32(24).uint32(m.graceMs);
                if (m.fence != null && Object.hasOwnProperty.call(m, "fence"))
                    w.uint32(32).uint64(m.fence);
                return w;
            };

            StopRun.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.StopRun();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.reason = r.string();
                            break;
                        }
                    case 3: {
                            m.graceMs = r.uint32();
                            break;
                        }
                    case 4: {
                            m.fence = $number(r.uint64());
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            StopRun.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.StopRun";
            };

            return StopRun;
        })();

        control.WorkerDone = (function() {

            function WorkerDone(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            WorkerDone.prototype.runId = "";
            WorkerDone.prototype.workerId = "";
            WorkerDone.prototype.lastSecond = 0;
            WorkerDone.prototype.records = 0;
            WorkerDone.prototype.droppedRecords = 0;
            WorkerDone.prototype.refused = "";

            WorkerDone.create = function create(properties) {
                return new WorkerDone(properties);
            };

            WorkerDone.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.workerId != null && Object.hasOwnProperty.call(m, "workerId"))
                    w.uint32(18).string(m.workerId);
                if (m.lastSecond != null && Object.hasOwnProperty.call(m, "lastSecond"))
                    w.uint32(24).uint32(m.lastSecond);
                if (m.records != null && Object.hasOwnProperty.call(m, "records"))
                    w.uint32(32).uint32(m.records);
                if (m.droppedRecords != null && Object.hasOwnProperty.call(m, "droppedRecords"))
                    w.uint32(40).uint32(m.droppedRecords);
                if (m.refused != null && Object.hasOwnProperty.call(m, "refused"))
                    w.uint32(50).string(m.refused);
                return w;
            };

            WorkerDone.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.WorkerDone();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.workerId = r.string();
                            break;
                        }
                    case 3: {
                            m.lastSecond = r.uint32();
                            break;
                        }
                    case 4: {
                            m.records = r.uint32();
                            break;
                        }
                    case 5: {
                            m.droppedRecords = r.uint32();
                            break;
                        }
                    case 6: {
                            m.refused = r.string();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            WorkerDone.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.WorkerDone";
            };

            return WorkerDone;
        })();

        control.RunEnded = (function() {

            function RunEnded(p) {
                this.notes = [];
                this.workers = [];
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            RunEnded.prototype.runId = "";
            RunEnded.prototype.state = "";
            RunEnded.prototype.stopReason = "";
            RunEnded.prototype.startedAt = 0;
            RunEnded.prototype.endedAt = 0;
            RunEnded.prototype.notes = $util.emptyArray;
            RunEnded.prototype.workers = $util.emptyArray;
            RunEnded.prototype.graceMs = 0;
            RunEnded.prototype.fence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            RunEnded.create = function create(properties) {
                return new RunEnded(properties);
            };

            RunEnded.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.state != null && Object.hasOwnProperty.call(m, "state"))
                    w.uint32(18).string(m.state);
                if (m.stopReason != null && Object.hasOwnProperty.call(m, "stopReason"))
                    w.uint32(26).string(m.stopReason);
                if (m.startedAt != null && Object.hasOwnProperty.call(m, "startedAt"))
                    w.uint32(33).double(m.startedAt);
                if (m.endedAt != null && Object.hasOwnProperty.call(m, "endedAt"))
                    w.uint32(41).double(m.endedAt);
                if (m.notes != null && m.notes.length) {
                    for (var i = 0; i < m.notes.length; ++i)
                        w.uint32(50).string(m.notes[i]);
                }
                if (m.workers != null && m.workers.length) {
                    for (var i = 0; i < m.workers.length; ++i)
                        $root.loadfleet.control.WorkerInfo.encode(m.workers[i], w.uint32(58).fork(), q + 1).ldelim();
                }
                if (m.graceMs != null && Object.hasOwnProperty.call(m, "graceMs"))
                    w.uint32(64).uint32(m.graceMs);
                if (m.fence != null && Object.hasOwnProperty.call(m, "fence"))
                    w.uint32(72).uint64(m.fence);
                return w;
            };

            RunEnded.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.RunEnded();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.state = r.string();
                            break;
                        }
                    case 3: {
                            m.stopReason = r.string();
                            break;
                        }
                    case 4: {
                            m.startedAt = r.double();
                            break;
                        }
                    case 5: {
                            m.endedAt = r.double();
                            break;
                        }
                    case 6: {
                            if (!(m.notes && m.notes.length))
                                m.notes = [];
                            m.notes.push(r.string());
                            break;
                        }
                    case 7: {
                            if (!(m.workers && m.workers.length))
                                m.workers = [];
                            m.workers.push($root.loadfleet.control.WorkerInfo.decode(r, r.uint32(), undefined, n + 1));
                            break;
                        }
                    case 8: {
                            m.graceMs = r.uint32();
                            break;
                        }
                    case 9: {
                            m.fence = $number(r.uint64());
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            RunEnded.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.RunEnded";
            };

            return RunEnded;
        })();

        control.WorkerInfo = (function() {

            function WorkerInfo(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            WorkerInfo.prototype.id = "";
            WorkerInfo.prototype.host = "";
            WorkerInfo.prototype.users = 0;
            WorkerInfo.prototype.lost = false;

            WorkerInfo.create = function create(properties) {
                return new WorkerInfo(properties);
            };

            WorkerInfo.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.id != null && Object.hasOwnProperty.call(m, "id"))
                    w.uint32(10).string(m.id);
                if (m.host != null && Object.hasOwnProperty.call(m, "host"))
                    w.uint32(18).string(m.host);
                if (m.users != null && Object.hasOwnProperty.call(m, "users"))
                    w.uint32(24).uint32(m.users);
                if (m.lost != null && Object.hasOwnProperty.call(m, "lost"))
                    w.uint32(32).bool(m.lost);
                return w;
            };

            WorkerInfo.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.WorkerInfo();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.id = r.string();
                            break;
                        }
                    case 2: {
                            m.host = r.string();
                            break;
                        }
                    case 3: {
                            m.users = r.uint32();
                            break;
                        }
                    case 4: {
                            m.lost = r.bool();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            WorkerInfo.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.WorkerInfo";
            };

            return WorkerInfo;
        })();

        control.StatsRecord = (function() {

            function StatsRecord(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            StatsRecord.prototype.runId = "";
            StatsRecord.prototype.workerId = "";
            StatsRecord.prototype.second = 0;
            StatsRecord.prototype.window = $util.newBuffer([]);
            StatsRecord.prototype.seq = 0;

            StatsRecord.create = function create(properties) {
                return new StatsRecord(properties);
            };

            StatsRecord.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.workerId != null && Object.hasOwnProperty.call(m, "workerId"))
                    w.uint32(18).string(m.workerId);
                if (m.second != null && Object.hasOwnProperty.call(m, "second"))
                    w.uint32(24).uint32(m.second);
                if (m.window != null && Object.hasOwnProperty.call(m, "window"))
                    w.uint32(34).bytes(m.window);
                if (m.seq != null && Object.hasOwnProperty.call(m, "seq"))
                    w.uint32(40).uint32(m.seq);
                return w;
            };

            StatsRecord.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.StatsRecord();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.workerId = r.string();
                            break;
                        }
                    case 3: {
                            m.second = r.uint32();
                            break;
                        }
                    case 4: {
                            m.window = r.bytes();
                            break;
                        }
                    case 5: {
                            m.seq = r.uint32();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            StatsRecord.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.StatsRecord";
            };

            return StatsRecord;
        })();

        control.LiveRollup = (function() {

            function LiveRollup(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            LiveRollup.prototype.runId = "";
            LiveRollup.prototype.second = 0;
            LiveRollup.prototype.window = $util.newBuffer([]);
            LiveRollup.prototype.sources = 0;

            LiveRollup.create = function create(properties) {
                return new LiveRollup(properties);
            };

            LiveRollup.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.runId != null && Object.hasOwnProperty.call(m, "runId"))
                    w.uint32(10).string(m.runId);
                if (m.second != null && Object.hasOwnProperty.call(m, "second"))
                    w.uint32(16).uint32(m.second);
                if (m.window != null && Object.hasOwnProperty.call(m, "window"))
                    w.uint32(26).bytes(m.window);
                if (m.sources != null && Object.hasOwnProperty.call(m, "sources"))
                    w.uint32(32).uint32(m.sources);
                return w;
            };

            LiveRollup.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.LiveRollup();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.runId = r.string();
                            break;
                        }
                    case 2: {
                            m.second = r.uint32();
                            break;
                        }
                    case 3: {
                            m.window = r.bytes();
                            break;
                        }
                    case 4: {
                            m.sources = r.uint32();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            LiveRollup.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.LiveRollup";
            };

            return LiveRollup;
        })();

        control.StatsWindow = (function() {

            function StatsWindow(p) {
                this.counters = [];
                this.gauges = [];
                this.histograms = [];
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            StatsWindow.prototype.magic = 0;
            StatsWindow.prototype.version = 0;
            StatsWindow.prototype.second = 0;
            StatsWindow.prototype.sources = 0;
            StatsWindow.prototype.counters = $util.emptyArray;
            StatsWindow.prototype.gauges = $util.emptyArray;
            StatsWindow.prototype.histograms = $util.emptyArray;

            StatsWindow.create = function create(properties) {
                return new StatsWindow(properties);
            };

            StatsWindow.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.magic != null && Object.hasOwnProperty.call(m, "magic"))
                    w.uint32(13).fixed32(m.magic);
                if (m.version != null && Object.hasOwnProperty.call(m, "version"))
                    w.uint32(16).uint32(m.version);
                if (m.second != null && Object.hasOwnProperty.call(m, "second"))
                    w.uint32(24).uint32(m.second);
                if (m.sources != null && Object.hasOwnProperty.call(m, "sources"))
                    w.uint32(32).uint32(m.sources);
                if (m.counters != null && m.counters.length) {
                    for (var i = 0; i < m.counters.length; ++i)
                        $root.loadfleet.control.StatsValue.encode(m.counters[i], w.uint32(42).fork(), q + 1).ldelim();
                }
                if (m.gauges != null && m.gauges.length) {
                    for (var i = 0; i < m.gauges.length; ++i)
                        $root.loadfleet.control.StatsValue.encode(m.gauges[i], w.uint32(50).fork(), q + 1).ldelim();
                }
                if (m.histograms != null && m.histograms.length) {
                    for (var i = 0; i < m.histograms.length; ++i)
                        $root.loadfleet.control.StatsHistogram.encode(m.histograms[i], w.uint32(58).fork(), q + 1).ldelim();
                }
                return w;
            };

            StatsWindow.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.StatsWindow();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.magic = r.fixed32();
                            break;
                        }
                    case 2: {
                            m.version = r.uint32();
                            break;
                        }
                    case 3: {
                            m.second = r.uint32();
                            break;
                        }
                    case 4: {
                            m.sources = r.uint32();
                            break;
                        }
                    case 5: {
                            if (!(m.counters && m.counters.length))
                                m.counters = [];
                            m.counters.push($root.loadfleet.control.StatsValue.decode(r, r.uint32(), undefined, n + 1));
                            break;
                        }
                    case 6: {
                            if (!(m.gauges && m.gauges.length))
                                m.gauges = [];
                            m.gauges.push($root.loadfleet.control.StatsValue.decode(r, r.uint32(), undefined, n + 1));
                            break;
                        }
                    case 7: {
                            if (!(m.histograms && m.histograms.length))
                                m.histograms = [];
                            m.histograms.push($root.loadfleet.control.StatsHistogram.decode(r, r.uint32(), undefined, n + 1));
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            StatsWindow.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.StatsWindow";
            };

            return StatsWindow;
        })();

        control.StatsValue = (function() {

            function StatsValue(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            StatsValue.prototype.name = "";
            StatsValue.prototype.int = null;
            StatsValue.prototype.num = null;

            let $oneOfFields;

            Object.defineProperty(StatsValue.prototype, "value", {
                get: $util.oneOfGetter($oneOfFields = ["int", "num"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            StatsValue.create = function create(properties) {
                return new StatsValue(properties);
            };

            StatsValue.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.name != null && Object.hasOwnProperty.call(m, "name"))
                    w.uint32(10).string(m.name);
                if (m.int != null && Object.hasOwnProperty.call(m, "int"))
                    w.uint32(16).sint32(m.int);
                if (m.num != null && Object.hasOwnProperty.call(m, "num"))
                    w.uint32(25).double(m.num);
                return w;
            };

            StatsValue.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.StatsValue();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.name = r.string();
                            break;
                        }
                    case 2: {
                            m.int = r.sint32();
                            break;
                        }
                    case 3: {
                            m.num = r.double();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            StatsValue.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.StatsValue";
            };

            return StatsValue;
        })();

        control.StatsHistogram = (function() {

            function StatsHistogram(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            StatsHistogram.prototype.name = "";
            StatsHistogram.prototype.hdr = $util.newBuffer([]);
            StatsHistogram.prototype.maxUs = 0;
            StatsHistogram.prototype.minNonZeroUs = 0;

            StatsHistogram.create = function create(properties) {
                return new StatsHistogram(properties);
            };

            StatsHistogram.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.name != null && Object.hasOwnProperty.call(m, "name"))
                    w.uint32(10).string(m.name);
                if (m.hdr != null && Object.hasOwnProperty.call(m, "hdr"))
                    w.uint32(18).bytes(m.hdr);
                if (m.maxUs != null && Object.hasOwnProperty.call(m, "maxUs"))
                    w.uint32(24).uint32(m.maxUs);
                if (m.minNonZeroUs != null && Object.hasOwnProperty.call(m, "minNonZeroUs"))
                    w.uint32(32).uint32(m.minNonZeroUs);
                return w;
            };

            StatsHistogram.decode = function decode(r, l, e, n) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (n === undefined)
                    n = 0;
                if (n > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                var c, m;
                if (l === undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = new $root.loadfleet.control.StatsHistogram();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.name = r.string();
                            break;
                        }
                    case 2: {
                            m.hdr = r.bytes();
                            break;
                        }
                    case 3: {
                            m.maxUs = r.uint32();
                            break;
                        }
                    case 4: {
                            m.minNonZeroUs = r.uint32();
                            break;
                        }
                    default:
                        r.skipType(t & 7, n);
                        break;
                    }
                }
                if (l !== undefined) {
                    if (r.pos !== c)
                        throw RangeError("index out of range");
                    r.len = l;
                }
                return m;
            };

            StatsHistogram.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.control.StatsHistogram";
            };

            return StatsHistogram;
        })();

        return control;
    })();

    return loadfleet;
})();

export { $root as default };
