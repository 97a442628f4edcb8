/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

const $number = (v) => (typeof v === "number" ? v : v.toNumber());

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

const $root = $protobuf.roots["im-lite"] || ($protobuf.roots["im-lite"] = {});

export const imlite = $root.imlite = (() => {

    const imlite = {};

    imlite.LoginReq = (function() {

        function LoginReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        LoginReq.prototype.uid = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
        LoginReq.prototype.ticket = "";
        LoginReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        LoginReq.create = function create(properties) {
            return new LoginReq(properties);
        };

        LoginReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.uid != null && Object.hasOwnProperty.call(m, "uid"))
                w.uint32(8).uint64(m.uid);
            if (m.ticket != null && Object.hasOwnProperty.call(m, "ticket"))
                w.uint32(18).string(m.ticket);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        LoginReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.LoginReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.uid = $number(r.uint64());
                        break;
                    }
                case 2: {
                        m.ticket = r.string();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        LoginReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.LoginReq";
        };

        return LoginReq;
    })();

    imlite.EnterRoomReq = (function() {

        function EnterRoomReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        EnterRoomReq.prototype.roomId = "";
        EnterRoomReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        EnterRoomReq.create = function create(properties) {
            return new EnterRoomReq(properties);
        };

        EnterRoomReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        EnterRoomReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.EnterRoomReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        EnterRoomReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.EnterRoomReq";
        };

        return EnterRoomReq;
    })();

    imlite.LeaveRoomReq = (function() {

        function LeaveRoomReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        LeaveRoomReq.prototype.roomId = "";
        LeaveRoomReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        LeaveRoomReq.create = function create(properties) {
            return new LeaveRoomReq(properties);
        };

        LeaveRoomReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        LeaveRoomReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.LeaveRoomReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        LeaveRoomReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.LeaveRoomReq";
        };

        return LeaveRoomReq;
    })();

    imlite.SendTextReq = (function() {

        function SendTextReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        SendTextReq.prototype.roomId = "";
        SendTextReq.prototype.text = "";
        SendTextReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        SendTextReq.create = function create(properties) {
            return new SendTextReq(properties);
        };

        SendTextReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.text != null && Object.hasOwnProperty.call(m, "text"))
                w.uint32(18).string(m.text);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        SendTextReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.SendTextReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 2: {
                        m.text = r.string();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        SendTextReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.SendTextReq";
        };

        return SendTextReq;
    })();

    imlite.SendLikeReq = (function() {

        function SendLikeReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        SendLikeReq.prototype.roomId = "";
        SendLikeReq.prototype.count = 0;
        SendLikeReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        SendLikeReq.create = function create(properties) {
            return new SendLikeReq(properties);
        };

        SendLikeReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                w.uint32(16).uint32(m.count);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        SendLikeReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.SendLikeReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 2: {
                        m.count = r.uint32();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        SendLikeReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.SendLikeReq";
        };

        return SendLikeReq;
    })();

    imlite.SendGiftReq = (function() {

        function SendGiftReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        SendGiftReq.prototype.roomId = "";
        SendGiftReq.prototype.giftId = 0;
        SendGiftReq.prototype.count = 0;
        SendGiftReq.prototype.value = 0;
        SendGiftReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        SendGiftReq.create = function create(properties) {
            return new SendGiftReq(properties);
        };

        SendGiftReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.giftId != null && Object.hasOwnProperty.call(m, "giftId"))
                w.uint32(16).uint32(m.giftId);
            if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                w.uint32(24).uint32(m.count);
            if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                w.uint32(32).uint32(m.value);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        SendGiftReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.SendGiftReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 2: {
                        m.giftId = r.uint32();
                        break;
                    }
                case 3: {
                        m.count = r.uint32();
                        break;
                    }
                case 4: {
                        m.value = r.uint32();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        SendGiftReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.SendGiftReq";
        };

        return SendGiftReq;
    })();

    imlite.SendBeamReq = (function() {

        function SendBeamReq(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        SendBeamReq.prototype.roomId = "";
        SendBeamReq.prototype.beamId = 0;
        SendBeamReq.prototype.value = 0;
        SendBeamReq.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        SendBeamReq.create = function create(properties) {
            return new SendBeamReq(properties);
        };

        SendBeamReq.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.beamId != null && Object.hasOwnProperty.call(m, "beamId"))
                w.uint32(16).uint32(m.beamId);
            if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                w.uint32(24).uint32(m.value);
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(120).int64(m.clientTimeUs);
            return w;
        };

        SendBeamReq.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.SendBeamReq();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 2: {
                        m.beamId = r.uint32();
                        break;
                    }
                case 3: {
                        m.value = r.uint32();
                        break;
                    }
                case 15: {
                        m.clientTimeUs = $number(r.int64());
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

        SendBeamReq.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.SendBeamReq";
        };

        return SendBeamReq;
    })();

    imlite.Ping = (function() {

        function Ping(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        Ping.prototype.clientTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        Ping.create = function create(properties) {
            return new Ping(properties);
        };

        Ping.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.clientTimeUs != null && Object.hasOwnProperty.call(m, "clientTimeUs"))
                w.uint32(8).int64(m.clientTimeUs);
            return w;
        };

        Ping.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.Ping();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.clientTimeUs = $number(r.int64());
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

        Ping.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.Ping";
        };

        return Ping;
    })();

    imlite.Result = (function() {
        const valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "OK"] = 0;
        values[valuesById[1] = "NOT_LOGGED_IN"] = 1;
        values[valuesById[2] = "NOT_IN_ROOM"] = 2;
        values[valuesById[3] = "BAD_REQUEST"] = 3;
        values[valuesById[4] = "ALREADY_LOGGED_IN"] = 4;
        return values;
    })();

    imlite.LoginResp = (function() {

        function LoginResp(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        LoginResp.prototype.result = 0;
        LoginResp.prototype.uid = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
        LoginResp.prototype.serverTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        LoginResp.create = function create(properties) {
            return new LoginResp(properties);
        };

        LoginResp.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.result != null && Object.hasOwnProperty.call(m, "result"))
                w.uint32(8).int32(m.result);
            if (m.uid != null && Object.hasOwnProperty.call(m, "uid"))
                w.uint32(16).uint64(m.uid);
            if (m.serverTimeUs != null && Object.hasOwnProperty.call(m, "serverTimeUs"))
                w.uint32(24).int64(m.serverTimeUs);
            return w;
        };

        LoginResp.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.LoginResp();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.result = r.int32();
                        break;
                    }
                case 2: {
                        m.uid = $number(r.uint64());
                        break;
                    }
                case 3: {
                        m.serverTimeUs = $number(r.int64());
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

        LoginResp.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.LoginResp";
        };

        return LoginResp;
    })();

    imlite.EnterRoomResp = (function() {

        function EnterRoomResp(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        EnterRoomResp.prototype.result = 0;
        EnterRoomResp.prototype.roomId = "";
        EnterRoomResp.prototype.online = 0;

        EnterRoomResp.create = function create(properties) {
            return new EnterRoomResp(properties);
        };

        EnterRoomResp.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.result != null && Object.hasOwnProperty.call(m, "result"))
                w.uint32(8).int32(m.result);
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(18).string(m.roomId);
            if (m.online != null && Object.hasOwnProperty.call(m, "online"))
                w.uint32(24).uint32(m.online);
            return w;
        };

        EnterRoomResp.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.EnterRoomResp();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.result = r.int32();
                        break;
                    }
                case 2: {
                        m.roomId = r.string();
                        break;
                    }
                case 3: {
                        m.online = r.uint32();
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

        EnterRoomResp.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.EnterRoomResp";
        };

        return EnterRoomResp;
    })();

    imlite.LeaveRoomResp = (function() {

        function LeaveRoomResp(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        LeaveRoomResp.prototype.result = 0;
        LeaveRoomResp.prototype.roomId = "";

        LeaveRoomResp.create = function create(properties) {
            return new LeaveRoomResp(properties);
        };

        LeaveRoomResp.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.result != null && Object.hasOwnProperty.call(m, "result"))
                w.uint32(8).int32(m.result);
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(18).string(m.roomId);
            return w;
        };

        LeaveRoomResp.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.LeaveRoomResp();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.result = r.int32();
                        break;
                    }
                case 2: {
                        m.roomId = r.string();
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

        LeaveRoomResp.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.LeaveRoomResp";
        };

        return LeaveRoomResp;
    })();

    imlite.ActionResp = (function() {

        function ActionResp(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        ActionResp.prototype.result = 0;

        ActionResp.create = function create(properties) {
            return new ActionResp(properties);
        };

        ActionResp.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.result != null && Object.hasOwnProperty.call(m, "result"))
                w.uint32(8).int32(m.result);
            return w;
        };

        ActionResp.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.ActionResp();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.result = r.int32();
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

        ActionResp.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.ActionResp";
        };

        return ActionResp;
    })();

    imlite.Pong = (function() {

        function Pong(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        Pong.prototype.serverTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        Pong.create = function create(properties) {
            return new Pong(properties);
        };

        Pong.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.serverTimeUs != null && Object.hasOwnProperty.call(m, "serverTimeUs"))
                w.uint32(8).int64(m.serverTimeUs);
            return w;
        };

        Pong.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.Pong();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.serverTimeUs = $number(r.int64());
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

        Pong.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.Pong";
        };

        return Pong;
    })();

    imlite.ErrorResp = (function() {

        function ErrorResp(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        ErrorResp.prototype.code = 0;
        ErrorResp.prototype.message = "";

        ErrorResp.create = function create(properties) {
            return new ErrorResp(properties);
        };

        ErrorResp.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.code != null && Object.hasOwnProperty.call(m, "code"))
                w.uint32(8).int32(m.code);
            if (m.message != null && Object.hasOwnProperty.call(m, "message"))
                w.uint32(18).string(m.message);
            return w;
        };

        ErrorResp.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.ErrorResp();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.code = r.int32();
                        break;
                    }
                case 2: {
                        m.message = r.string();
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

        ErrorResp.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.ErrorResp";
        };

        return ErrorResp;
    })();

    imlite.PushMeta = (function() {

        function PushMeta(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        PushMeta.prototype.roomId = "";
        PushMeta.prototype.fromUid = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
        PushMeta.prototype.originTimeUs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        PushMeta.create = function create(properties) {
            return new PushMeta(properties);
        };

        PushMeta.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.roomId != null && Object.hasOwnProperty.call(m, "roomId"))
                w.uint32(10).string(m.roomId);
            if (m.fromUid != null && Object.hasOwnProperty.call(m, "fromUid"))
                w.uint32(16).uint64(m.fromUid);
            if (m.originTimeUs != null && Object.hasOwnProperty.call(m, "originTimeUs"))
                w.uint32(24).int64(m.originTimeUs);
            return w;
        };

        PushMeta.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.PushMeta();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.roomId = r.string();
                        break;
                    }
                case 2: {
                        m.fromUid = $number(r.uint64());
                        break;
                    }
                case 3: {
                        m.originTimeUs = $number(r.int64());
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

        PushMeta.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.PushMeta";
        };

        return PushMeta;
    })();

    imlite.TextPush = (function() {

        function TextPush(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        TextPush.prototype.meta = null;
        TextPush.prototype.text = "";

        TextPush.create = function create(properties) {
            return new TextPush(properties);
        };

        TextPush.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.meta != null && Object.hasOwnProperty.call(m, "meta"))
                $root.imlite.PushMeta.encode(m.meta, w.uint32(10).fork(), q + 1).ldelim();
            if (m.text != null && Object.hasOwnProperty.call(m, "text"))
                w.uint32(18).string(m.text);
            return w;
        };

        TextPush.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.TextPush();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.meta = $root.imlite.PushMeta.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.text = r.string();
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

        TextPush.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.TextPush";
        };

        return TextPush;
    })();

    imlite.LikePush = (function() {

        function LikePush(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        LikePush.prototype.meta = null;
        LikePush.prototype.count = 0;
        LikePush.prototype.senders = 0;

        LikePush.create = function create(properties) {
            return new LikePush(properties);
        };

        LikePush.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.meta != null && Object.hasOwnProperty.call(m, "meta"))
                $root.imlite.PushMeta.encode(m.meta, w.uint32(10).fork(), q + 1).ldelim();
            if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                w.uint32(16).uint32(m.count);
            if (m.senders != null && Object.hasOwnProperty.call(m, "senders"))
                w.uint32(24).uint32(m.senders);
            return w;
        };

        LikePush.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.LikePush();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.meta = $root.imlite.PushMeta.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.count = r.uint32();
                        break;
                    }
                case 3: {
                        m.senders = r.uint32();
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

        LikePush.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.LikePush";
        };

        return LikePush;
    })();

    imlite.GiftPush = (function() {

        function GiftPush(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        GiftPush.prototype.meta = null;
        GiftPush.prototype.giftId = 0;
        GiftPush.prototype.count = 0;
        GiftPush.prototype.value = 0;

        GiftPush.create = function create(properties) {
            return new GiftPush(properties);
        };

        GiftPush.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.meta != null && Object.hasOwnProperty.call(m, "meta"))
                $root.imlite.PushMeta.encode(m.meta, w.uint32(10).fork(), q + 1).ldelim();
            if (m.giftId != null && Object.hasOwnProperty.call(m, "giftId"))
                w.uint32(16).uint32(m.giftId);
            if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                w.uint32(24).uint32(m.count);
            if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                w.uint32(32).uint32(m.value);
            return w;
        };

        GiftPush.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.GiftPush();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.meta = $root.imlite.PushMeta.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.giftId = r.uint32();
                        break;
                    }
                case 3: {
                        m.count = r.uint32();
                        break;
                    }
                case 4: {
                        m.value = r.uint32();
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

        GiftPush.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.GiftPush";
        };

        return GiftPush;
    })();

    imlite.BeamPush = (function() {

        function BeamPush(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        BeamPush.prototype.meta = null;
        BeamPush.prototype.beamId = 0;
        BeamPush.prototype.value = 0;

        BeamPush.create = function create(properties) {
            return new BeamPush(properties);
        };

        BeamPush.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.meta != null && Object.hasOwnProperty.call(m, "meta"))
                $root.imlite.PushMeta.encode(m.meta, w.uint32(10).fork(), q + 1).ldelim();
            if (m.beamId != null && Object.hasOwnProperty.call(m, "beamId"))
                w.uint32(16).uint32(m.beamId);
            if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                w.uint32(24).uint32(m.value);
            return w;
        };

        BeamPush.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.BeamPush();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.meta = $root.imlite.PushMeta.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.beamId = r.uint32();
                        break;
                    }
                case 3: {
                        m.value = r.uint32();
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

        BeamPush.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.BeamPush";
        };

        return BeamPush;
    })();

    imlite.MemberChange = (function() {
        const valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "JOINED"] = 0;
        values[valuesById[1] = "LEFT"] = 1;
        return values;
    })();

    imlite.MemberPush = (function() {

        function MemberPush(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        MemberPush.prototype.meta = null;
        MemberPush.prototype.change = 0;
        MemberPush.prototype.online = 0;

        MemberPush.create = function create(properties) {
            return new MemberPush(properties);
        };

        MemberPush.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.meta != null && Object.hasOwnProperty.call(m, "meta"))
                $root.imlite.PushMeta.encode(m.meta, w.uint32(10).fork(), q + 1).ldelim();
            if (m.change != null && Object.hasOwnProperty.call(m, "change"))
                w.uint32(16).int32(m.change);
            if (m.online != null && Object.hasOwnProperty.call(m, "online"))
                w.uint32(24).uint32(m.online);
            return w;
        };

        MemberPush.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.MemberPush();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.meta = $root.imlite.PushMeta.decode(r, r.uint32(), undefined, n + 1);
                        break;
                    }
                case 2: {
                        m.change = r.int32();
                        break;
                    }
                case 3: {
                        m.online = r.uint32();
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

        MemberPush.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.MemberPush";
        };

        return MemberPush;
    })();

    imlite.KickReason = (function() {
        const valuesById = {}, values = Object.create(valuesById);
        values[valuesById[0] = "KICK_UNSPECIFIED"] = 0;
        values[valuesById[1] = "HEARTBEAT_TIMEOUT"] = 1;
        values[valuesById[2] = "LOGIN_TIMEOUT"] = 2;
        values[valuesById[3] = "SLOW_CONSUMER"] = 3;
        values[valuesById[4] = "SERVER_SHUTDOWN"] = 4;
        values[valuesById[5] = "PROTOCOL_VIOLATION"] = 5;
        return values;
    })();

    imlite.Kickout = (function() {

        function Kickout(p) {
            if (p)
                for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        }

        Kickout.prototype.reason = 0;
        Kickout.prototype.detail = "";

        Kickout.create = function create(properties) {
            return new Kickout(properties);
        };

        Kickout.encode = function encode(m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                w.uint32(8).int32(m.reason);
            if (m.detail != null && Object.hasOwnProperty.call(m, "detail"))
                w.uint32(18).string(m.detail);
            return w;
        };

        Kickout.decode = function decode(r, l, e, n) {
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
            m = new $root.imlite.Kickout();
            while (r.pos < c) {
                var t = r.uint32();
                if (t === e)
                    break;
                switch (t >>> 3) {
                case 1: {
                        m.reason = r.int32();
                        break;
                    }
                case 2: {
                        m.detail = r.string();
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

        Kickout.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/imlite.Kickout";
        };

        return Kickout;
    })();

    return imlite;
})();

export { $root as default };
