/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

const $root = $protobuf.roots["chat"] || ($protobuf.roots["chat"] = {});

export const loadfleet = $root.loadfleet = (() => {

    const loadfleet = {};

    loadfleet.chat = (function() {

        const chat = {};

        chat.Envelope = (function() {

            function Envelope(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Envelope.prototype.seq = 0;
            Envelope.prototype.sentAt = 0;
            Envelope.prototype.login = null;
            Envelope.prototype.loginAck = null;
            Envelope.prototype.joinRoom = null;
            Envelope.prototype.joined = null;
            Envelope.prototype.leave = null;
            Envelope.prototype.left = null;
            Envelope.prototype.chat = null;
            Envelope.prototype.like = null;
            Envelope.prototype.gift = null;
            Envelope.prototype.beam = null;
            Envelope.prototype.heartbeat = null;
            Envelope.prototype.heartbeatAck = null;
            Envelope.prototype.ack = null;
            Envelope.prototype.event = null;
            Envelope.prototype.error = null;
            Envelope.prototype.kick = null;

            let $oneOfFields;

            Object.defineProperty(Envelope.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["login", "loginAck", "joinRoom", "joined", "leave", "left", "chat", "like", "gift", "beam", "heartbeat", "heartbeatAck", "ack", "event", "error", "kick"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            Envelope.create = function create(properties) {
                return new Envelope(properties);
            };

            Envelope.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.seq != null && Object.hasOwnProperty.call(m, "seq"))
                    w.uint32(8).uint32(m.seq);
                if (m.sentAt != null && Object.hasOwnProperty.call(m, "sentAt"))
                    w.uint32(17).double(m.sentAt);
                if (m.login != null && Object.hasOwnProperty.call(m, "login"))
                    $root.loadfleet.chat.Login.encode(m.login, w.uint32(82).fork(), q + 1).ldelim();
                if (m.loginAck != null && Object.hasOwnProperty.call(m, "loginAck"))
                    $root.loadfleet.chat.LoginAck.encode(m.loginAck, w.uint32(90).fork(), q + 1).ldelim();
                if (m.joinRoom != null && Object.hasOwnProperty.call(m, "joinRoom"))
                    $root.loadfleet.chat.JoinRoom.encode(m.joinRoom, w.uint32(98).fork(), q + 1).ldelim();
                if (m.joined != null && Object.hasOwnProperty.call(m, "joined"))
                    $root.loadfleet.chat.Joined.encode(m.joined, w.uint32(106).fork(), q + 1).ldelim();
                if (m.leave != null && Object.hasOwnProperty.call(m, "leave"))
                    $root.loadfleet.chat.Leave.encode(m.leave, w.uint32(114).fork(), q + 1).ldelim();
                if (m.left != null && Object.hasOwnProperty.call(m, "left"))
                    $root.loadfleet.chat.Left.encode(m.left, w.uint32(122).fork(), q + 1).ldelim();
                if (m.chat != null && Object.hasOwnProperty.call(m, "chat"))
                    $root.loadfleet.chat.ChatMessage.encode(m.chat, w.uint32(130).fork(), q + 1).ldelim();
                if (m.like != null && Object.hasOwnProperty.call(m, "like"))
                    $root.loadfleet.chat.Like.encode(m.like, w.uint32(138).fork(), q + 1).ldelim();
                if (m.gift != null && Object.hasOwnProperty.call(m, "gift"))
                    $root.loadfleet.chat.Gift.encode(m.gift, w.uint32(146).fork(), q + 1).ldelim();
                if (m.beam != null && Object.hasOwnProperty.call(m, "beam"))
                    $root.loadfleet.chat.LightBeam.encode(m.beam, w.uint32(154).fork(), q + 1).ldelim();
                if (m.heartbeat != null && Object.hasOwnProperty.call(m, "heartbeat"))
                    $root.loadfleet.chat.Heartbeat.encode(m.heartbeat, w.uint32(162).fork(), q + 1).ldelim();
                if (m.heartbeatAck != null && Object.hasOwnProperty.call(m, "heartbeatAck"))
                    $root.loadfleet.chat.HeartbeatAck.encode(m.heartbeatAck, w.uint32(170).fork(), q + 1).ldelim();
                if (m.ack != null && Object.hasOwnProperty.call(m, "ack"))
                    $root.loadfleet.chat.Ack.encode(m.ack, w.uint32(178).fork(), q + 1).ldelim();
                if (m.event != null && Object.hasOwnProperty.call(m, "event"))
                    $root.loadfleet.chat.RoomEvent.encode(m.event, w.uint32(186).fork(), q + 1).ldelim();
                if (m.error != null && Object.hasOwnProperty.call(m, "error"))
                    $root.loadfleet.chat.Error.encode(m.error, w.uint32(194).fork(), q + 1).ldelim();
                if (m.kick != null && Object.hasOwnProperty.call(m, "kick"))
                    $root.loadfleet.chat.Kick.encode(m.kick, w.uint32(202).fork(), q + 1).ldelim();
                return w;
            };

            Envelope.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Envelope();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.seq = r.uint32();
                            break;
                        }
                    case 2: {
                            m.sentAt = r.double();
                            break;
                        }
                    case 10: {
                            m.login = $root.loadfleet.chat.Login.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 11: {
                            m.loginAck = $root.loadfleet.chat.LoginAck.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 12: {
                            m.joinRoom = $root.loadfleet.chat.JoinRoom.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 13: {
                            m.joined = $root.loadfleet.chat.Joined.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 14: {
                            m.leave = $root.loadfleet.chat.Leave.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 15: {
                            m.left = $root.loadfleet.chat.Left.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 16: {
                            m.chat = $root.loadfleet.chat.ChatMessage.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 17: {
                            m.like = $root.loadfleet.chat.Like.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 18: {
                            m.gift = $root.loadfleet.chat.Gift.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 19: {
                            m.beam = $root.loadfleet.chat.LightBeam.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 20: {
                            m.heartbeat = $root.loadfleet.chat.Heartbeat.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 21: {
                            m.heartbeatAck = $root.loadfleet.chat.HeartbeatAck.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 22: {
                            m.ack = $root.loadfleet.chat.Ack.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 23: {
                            m.event = $root.loadfleet.chat.RoomEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 24: {
                            m.error = $root.loadfleet.chat.Error.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 25: {
                            m.kick = $root.loadfleet.chat.Kick.decode(r, r.uint32(), undefined, n + 1);
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

            Envelope.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Envelope";
            };

            return Envelope;
        })();

        chat.Login = (function() {

            function Login(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Login.prototype.userId = 0;
            Login.prototype.token = "";

            Login.create = function create(properties) {
                return new Login(properties);
            };

            Login.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.userId != null && Object.hasOwnProperty.call(m, "userId"))
                    w.uint32(8).uint32(m.userId);
                if (m.token != null && Object.hasOwnProperty.call(m, "token"))
                    w.uint32(18).string(m.token);
                return w;
            };

            Login.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Login();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.userId = r.uint32();
                            break;
                        }
                    case 2: {
                            m.token = r.string();
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

            Login.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Login";
            };

            return Login;
        })();

        chat.JoinRoom = (function() {

            function JoinRoom(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            JoinRoom.prototype.room = "";

            JoinRoom.create = function create(properties) {
                return new JoinRoom(properties);
            };

            JoinRoom.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                return w;
            };

            JoinRoom.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.JoinRoom();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
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

            JoinRoom.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.JoinRoom";
            };

            return JoinRoom;
        })();

        chat.Leave = (function() {

            function Leave(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Leave.prototype.room = "";

            Leave.create = function create(properties) {
                return new Leave(properties);
            };

            Leave.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                return w;
            };

            Leave.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Leave();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
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

            Leave.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Leave";
            };

            return Leave;
        })();

        chat.ChatMessage = (function() {

            function ChatMessage(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            ChatMessage.prototype.room = "";
            ChatMessage.prototype.text = "";

            ChatMessage.create = function create(properties) {
                return new ChatMessage(properties);
            };

            ChatMessage.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                if (m.text != null && Object.hasOwnProperty.call(m, "text"))
                    w.uint32(18).string(m.text);
                return w;
            };

            ChatMessage.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.ChatMessage();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
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

            ChatMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.ChatMessage";
            };

            return ChatMessage;
        })();

        chat.Like = (function() {

            function Like(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Like.prototype.room = "";
            Like.prototype.count = 0;

            Like.create = function create(properties) {
                return new Like(properties);
            };

            Like.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                    w.uint32(16).uint32(m.count);
                return w;
            };

            Like.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Like();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
                            break;
                        }
                    case 2: {
                            m.count = r.uint32();
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

            Like.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Like";
            };

            return Like;
        })();

        chat.Gift = (function() {

            function Gift(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Gift.prototype.room = "";
            Gift.prototype.giftId = 0;
            Gift.prototype.count = 0;
            Gift.prototype.value = 0;

            Gift.create = function create(properties) {
                return new Gift(properties);
            };

            Gift.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                if (m.giftId != null && Object.hasOwnProperty.call(m, "giftId"))
                    w.uint32(16).uint32(m.giftId);
                if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                    w.uint32(24).uint32(m.count);
                if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                    w.uint32(32).uint32(m.value);
                return w;
            };

            Gift.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Gift();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
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

            Gift.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Gift";
            };

            return Gift;
        })();

        chat.LightBeam = (function() {

            function LightBeam(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            LightBeam.prototype.room = "";
            LightBeam.prototype.beamId = 0;
            LightBeam.prototype.value = 0;

            LightBeam.create = function create(properties) {
                return new LightBeam(properties);
            };

            LightBeam.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                if (m.beamId != null && Object.hasOwnProperty.call(m, "beamId"))
                    w.uint32(16).uint32(m.beamId);
                if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                    w.uint32(24).uint32(m.value);
                return w;
            };

            LightBeam.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.LightBeam();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
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

            LightBeam.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.LightBeam";
            };

            return LightBeam;
        })();

        chat.Heartbeat = (function() {

            function Heartbeat(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Heartbeat.create = function create(properties) {
                return new Heartbeat(properties);
            };

            Heartbeat.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return w;
            };

            Heartbeat.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Heartbeat();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
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

            Heartbeat.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Heartbeat";
            };

            return Heartbeat;
        })();

        chat.LoginAck = (function() {

            function LoginAck(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            LoginAck.prototype.serverTime = 0;
            LoginAck.prototype.userId = 0;

            LoginAck.create = function create(properties) {
                return new LoginAck(properties);
            };

            LoginAck.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.serverTime != null && Object.hasOwnProperty.call(m, "serverTime"))
                    w.uint32(9).double(m.serverTime);
                if (m.userId != null && Object.hasOwnProperty.call(m, "userId"))
                    w.uint32(16).uint32(m.userId);
                return w;
            };

            LoginAck.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.LoginAck();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.serverTime = r.double();
                            break;
                        }
                    case 2: {
                            m.userId = r.uint32();
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

            LoginAck.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.LoginAck";
            };

            return LoginAck;
        })();

        chat.Joined = (function() {

            function Joined(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Joined.prototype.serverTime = 0;
            Joined.prototype.room = "";
            Joined.prototype.memberCount = 0;

            Joined.create = function create(properties) {
                return new Joined(properties);
            };

            Joined.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.serverTime != null && Object.hasOwnProperty.call(m, "serverTime"))
                    w.uint32(9).double(m.serverTime);
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(18).string(m.room);
                if (m.memberCount != null && Object.hasOwnProperty.call(m, "memberCount"))
                    w.uint32(24).uint32(m.memberCount);
                return w;
            };

            Joined.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Joined();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.serverTime = r.double();
                            break;
                        }
                    case 2: {
                            m.room = r.string();
                            break;
                        }
                    case 3: {
                            m.memberCount = r.uint32();
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

            Joined.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Joined";
            };

            return Joined;
        })();

        chat.Left = (function() {

            function Left(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Left.prototype.serverTime = 0;
            Left.prototype.room = "";

            Left.create = function create(properties) {
                return new Left(properties);
            };

            Left.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.serverTime != null && Object.hasOwnProperty.call(m, "serverTime"))
                    w.uint32(9).double(m.serverTime);
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(18).string(m.room);
                return w;
            };

            Left.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Left();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.serverTime = r.double();
                            break;
                        }
                    case 2: {
                            m.room = r.string();
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

            Left.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Left";
            };

            return Left;
        })();

        chat.HeartbeatAck = (function() {

            function HeartbeatAck(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            HeartbeatAck.prototype.serverTime = 0;

            HeartbeatAck.create = function create(properties) {
                return new HeartbeatAck(properties);
            };

            HeartbeatAck.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.serverTime != null && Object.hasOwnProperty.call(m, "serverTime"))
                    w.uint32(9).double(m.serverTime);
                return w;
            };

            HeartbeatAck.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.HeartbeatAck();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.serverTime = r.double();
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

            HeartbeatAck.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.HeartbeatAck";
            };

            return HeartbeatAck;
        })();

        chat.Ack = (function() {

            function Ack(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Ack.prototype.serverTime = 0;

            Ack.create = function create(properties) {
                return new Ack(properties);
            };

            Ack.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.serverTime != null && Object.hasOwnProperty.call(m, "serverTime"))
                    w.uint32(9).double(m.serverTime);
                return w;
            };

            Ack.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Ack();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.serverTime = r.double();
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

            Ack.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Ack";
            };

            return Ack;
        })();

        chat.RoomEvent = (function() {

            function RoomEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            RoomEvent.prototype.room = "";
            RoomEvent.prototype.originUser = 0;
            RoomEvent.prototype.originSentAt = 0;
            RoomEvent.prototype.chat = null;
            RoomEvent.prototype.likes = null;
            RoomEvent.prototype.gift = null;
            RoomEvent.prototype.beam = null;
            RoomEvent.prototype.join = null;
            RoomEvent.prototype.leave = null;

            let $oneOfFields;

            Object.defineProperty(RoomEvent.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["chat", "likes", "gift", "beam", "join", "leave"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            RoomEvent.create = function create(properties) {
                return new RoomEvent(properties);
            };

            RoomEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.room != null && Object.hasOwnProperty.call(m, "room"))
                    w.uint32(10).string(m.room);
                if (m.originUser != null && Object.hasOwnProperty.call(m, "originUser"))
                    w.uint32(16).uint32(m.originUser);
                if (m.originSentAt != null && Object.hasOwnProperty.call(m, "originSentAt"))
                    w.uint32(25).double(m.originSentAt);
                if (m.chat != null && Object.hasOwnProperty.call(m, "chat"))
                    $root.loadfleet.chat.ChatEvent.encode(m.chat, w.uint32(82).fork(), q + 1).ldelim();
                if (m.likes != null && Object.hasOwnProperty.call(m, "likes"))
                    $root.loadfleet.chat.LikesEvent.encode(m.likes, w.uint32(90).fork(), q + 1).ldelim();
                if (m.gift != null && Object.hasOwnProperty.call(m, "gift"))
                    $root.loadfleet.chat.GiftEvent.encode(m.gift, w.uint32(98).fork(), q + 1).ldelim();
                if (m.beam != null && Object.hasOwnProperty.call(m, "beam"))
                    $root.loadfleet.chat.BeamEvent.encode(m.beam, w.uint32(106).fork(), q + 1).ldelim();
                if (m.join != null && Object.hasOwnProperty.call(m, "join"))
                    $root.loadfleet.chat.MemberEvent.encode(m.join, w.uint32(114).fork(), q + 1).ldelim();
                if (m.leave != null && Object.hasOwnProperty.call(m, "leave"))
                    $root.loadfleet.chat.MemberEvent.encode(m.leave, w.uint32(122).fork(), q + 1).ldelim();
                return w;
            };

            RoomEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.RoomEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.room = r.string();
                            break;
                        }
                    case 2: {
                            m.originUser = r.uint32();
                            break;
                        }
                    case 3: {
                            m.originSentAt = r.double();
                            break;
                        }
                    case 10: {
                            m.chat = $root.loadfleet.chat.ChatEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 11: {
                            m.likes = $root.loadfleet.chat.LikesEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 12: {
                            m.gift = $root.loadfleet.chat.GiftEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 13: {
                            m.beam = $root.loadfleet.chat.BeamEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 14: {
                            m.join = $root.loadfleet.chat.MemberEvent.decode(r, r.uint32(), undefined, n + 1);
                            break;
                        }
                    case 15: {
                            m.leave = $root.loadfleet.chat.MemberEvent.decode(r, r.uint32(), undefined, n + 1);
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

            RoomEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.RoomEvent";
            };

            return RoomEvent;
        })();

        chat.ChatEvent = (function() {

            function ChatEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            ChatEvent.prototype.text = "";

            ChatEvent.create = function create(properties) {
                return new ChatEvent(properties);
            };

            ChatEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.text != null && Object.hasOwnProperty.call(m, "text"))
                    w.uint32(10).string(m.text);
                return w;
            };

            ChatEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.ChatEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
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

            ChatEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.ChatEvent";
            };

            return ChatEvent;
        })();

        chat.LikesEvent = (function() {

            function LikesEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            LikesEvent.prototype.count = 0;
            LikesEvent.prototype.senders = 0;

            LikesEvent.create = function create(properties) {
                return new LikesEvent(properties);
            };

            LikesEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                    w.uint32(8).uint32(m.count);
                if (m.senders != null && Object.hasOwnProperty.call(m, "senders"))
                    w.uint32(16).uint32(m.senders);
                return w;
            };

            LikesEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.LikesEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.count = r.uint32();
                            break;
                        }
                    case 2: {
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

            LikesEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.LikesEvent";
            };

            return LikesEvent;
        })();

        chat.GiftEvent = (function() {

            function GiftEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            GiftEvent.prototype.giftId = 0;
            GiftEvent.prototype.count = 0;
            GiftEvent.prototype.value = 0;

            GiftEvent.create = function create(properties) {
                return new GiftEvent(properties);
            };

            GiftEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.giftId != null && Object.hasOwnProperty.call(m, "giftId"))
                    w.uint32(8).uint32(m.giftId);
                if (m.count != null && Object.hasOwnProperty.call(m, "count"))
                    w.uint32(16).uint32(m.count);
                if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                    w.uint32(24).uint32(m.value);
                return w;
            };

            GiftEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.GiftEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.giftId = r.uint32();
                            break;
                        }
                    case 2: {
                            m.count = r.uint32();
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

            GiftEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.GiftEvent";
            };

            return GiftEvent;
        })();

        chat.BeamEvent = (function() {

            function BeamEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            BeamEvent.prototype.beamId = 0;
            BeamEvent.prototype.value = 0;

            BeamEvent.create = function create(properties) {
                return new BeamEvent(properties);
            };

            BeamEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.beamId != null && Object.hasOwnProperty.call(m, "beamId"))
                    w.uint32(8).uint32(m.beamId);
                if (m.value != null && Object.hasOwnProperty.call(m, "value"))
                    w.uint32(16).uint32(m.value);
                return w;
            };

            BeamEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.BeamEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.beamId = r.uint32();
                            break;
                        }
                    case 2: {
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

            BeamEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.BeamEvent";
            };

            return BeamEvent;
        })();

        chat.MemberEvent = (function() {

            function MemberEvent(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            MemberEvent.prototype.memberCount = 0;

            MemberEvent.create = function create(properties) {
                return new MemberEvent(properties);
            };

            MemberEvent.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.memberCount != null && Object.hasOwnProperty.call(m, "memberCount"))
                    w.uint32(8).uint32(m.memberCount);
                return w;
            };

            MemberEvent.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.MemberEvent();
                while (r.pos < c) {
                    var t = r.uint32();
                    if (t === e)
                        break;
                    switch (t >>> 3) {
                    case 1: {
                            m.memberCount = r.uint32();
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

            MemberEvent.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.MemberEvent";
            };

            return MemberEvent;
        })();

        chat.ErrorCode = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "ERROR_UNSPECIFIED"] = 0;
            values[valuesById[1] = "NOT_LOGGED_IN"] = 1;
            values[valuesById[2] = "NOT_IN_ROOM"] = 2;
            values[valuesById[3] = "BAD_REQUEST"] = 3;
            values[valuesById[4] = "PROTOCOL_ERROR"] = 4;
            values[valuesById[5] = "ALREADY_LOGGED_IN"] = 5;
            return values;
        })();

        chat.Error = (function() {

            function Error(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Error.prototype.code = 0;
            Error.prototype.reason = "";

            Error.create = function create(properties) {
                return new Error(properties);
            };

            Error.encode = function encode(m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (m.code != null && Object.hasOwnProperty.call(m, "code"))
                    w.uint32(8).int32(m.code);
                if (m.reason != null && Object.hasOwnProperty.call(m, "reason"))
                    w.uint32(18).string(m.reason);
                return w;
            };

            Error.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Error();
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
                            m.reason = r.string();
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

            Error.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Error";
            };

            return Error;
        })();

        chat.KickReason = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "KICK_UNSPECIFIED"] = 0;
            values[valuesById[1] = "HEARTBEAT_TIMEOUT"] = 1;
            values[valuesById[2] = "LOGIN_TIMEOUT"] = 2;
            values[valuesById[3] = "SLOW_CONSUMER"] = 3;
            values[valuesById[4] = "SERVER_SHUTDOWN"] = 4;
            values[valuesById[5] = "PROTOCOL_VIOLATION"] = 5;
            return values;
        })();

        chat.Kick = (function() {

            function Kick(p) {
                if (p)
                    for (var ks = Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            }

            Kick.prototype.reason = 0;
            Kick.prototype.detail = "";

            Kick.create = function create(properties) {
                return new Kick(properties);
            };

            Kick.encode = function encode(m, w, q) {
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

            Kick.decode = function decode(r, l, e, n) {
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
                m = new $root.loadfleet.chat.Kick();
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

            Kick.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/loadfleet.chat.Kick";
            };

            return Kick;
        })();

        return chat;
    })();

    return loadfleet;
})();

export { $root as default };
