import * as $protobuf from "protobufjs";
export namespace loadfleet {

    namespace chat {

        interface IEnvelope {
            seq?: (number|null);
            sentAt?: (number|null);
            login?: (loadfleet.chat.ILogin|null);
            loginAck?: (loadfleet.chat.ILoginAck|null);
            joinRoom?: (loadfleet.chat.IJoinRoom|null);
            joined?: (loadfleet.chat.IJoined|null);
            leave?: (loadfleet.chat.ILeave|null);
            left?: (loadfleet.chat.ILeft|null);
            chat?: (loadfleet.chat.IChatMessage|null);
            like?: (loadfleet.chat.ILike|null);
            gift?: (loadfleet.chat.IGift|null);
            beam?: (loadfleet.chat.ILightBeam|null);
            heartbeat?: (loadfleet.chat.IHeartbeat|null);
            heartbeatAck?: (loadfleet.chat.IHeartbeatAck|null);
            ack?: (loadfleet.chat.IAck|null);
            event?: (loadfleet.chat.IRoomEvent|null);
            error?: (loadfleet.chat.IError|null);
            kick?: (loadfleet.chat.IKick|null);
        }

        class Envelope implements IEnvelope {
            constructor(p?: loadfleet.chat.IEnvelope);
            public seq: number;
            public sentAt: number;
            public login?: (loadfleet.chat.ILogin|null);
            public loginAck?: (loadfleet.chat.ILoginAck|null);
            public joinRoom?: (loadfleet.chat.IJoinRoom|null);
            public joined?: (loadfleet.chat.IJoined|null);
            public leave?: (loadfleet.chat.ILeave|null);
            public left?: (loadfleet.chat.ILeft|null);
            public chat?: (loadfleet.chat.IChatMessage|null);
            public like?: (loadfleet.chat.ILike|null);
            public gift?: (loadfleet.chat.IGift|null);
            public beam?: (loadfleet.chat.ILightBeam|null);
            public heartbeat?: (loadfleet.chat.IHeartbeat|null);
            public heartbeatAck?: (loadfleet.chat.IHeartbeatAck|null);
            public ack?: (loadfleet.chat.IAck|null);
            public event?: (loadfleet.chat.IRoomEvent|null);
            public error?: (loadfleet.chat.IError|null);
            public kick?: (loadfleet.chat.IKick|null);
            public body?: ("login"|"loginAck"|"joinRoom"|"joined"|"leave"|"left"|"chat"|"like"|"gift"|"beam"|"heartbeat"|"heartbeatAck"|"ack"|"event"|"error"|"kick");
            public static create(properties?: loadfleet.chat.IEnvelope): loadfleet.chat.Envelope;
            public static encode(m: loadfleet.chat.IEnvelope, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Envelope;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILogin {
            userId?: (number|null);
            token?: (string|null);
        }

        class Login implements ILogin {
            constructor(p?: loadfleet.chat.ILogin);
            public userId: number;
            public token: string;
            public static create(properties?: loadfleet.chat.ILogin): loadfleet.chat.Login;
            public static encode(m: loadfleet.chat.ILogin, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Login;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IJoinRoom {
            room?: (string|null);
        }

        class JoinRoom implements IJoinRoom {
            constructor(p?: loadfleet.chat.IJoinRoom);
            public room: string;
            public static create(properties?: loadfleet.chat.IJoinRoom): loadfleet.chat.JoinRoom;
            public static encode(m: loadfleet.chat.IJoinRoom, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.JoinRoom;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILeave {
            room?: (string|null);
        }

        class Leave implements ILeave {
            constructor(p?: loadfleet.chat.ILeave);
            public room: string;
            public static create(properties?: loadfleet.chat.ILeave): loadfleet.chat.Leave;
            public static encode(m: loadfleet.chat.ILeave, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Leave;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IChatMessage {
            room?: (string|null);
            text?: (string|null);
        }

        class ChatMessage implements IChatMessage {
            constructor(p?: loadfleet.chat.IChatMessage);
            public room: string;
            public text: string;
            public static create(properties?: loadfleet.chat.IChatMessage): loadfleet.chat.ChatMessage;
            public static encode(m: loadfleet.chat.IChatMessage, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.ChatMessage;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILike {
            room?: (string|null);
            count?: (number|null);
        }

        class Like implements ILike {
            constructor(p?: loadfleet.chat.ILike);
            public room: string;
            public count: number;
            public static create(properties?: loadfleet.chat.ILike): loadfleet.chat.Like;
            public static encode(m: loadfleet.chat.ILike, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Like;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IGift {
            room?: (string|null);
            giftId?: (number|null);
            count?: (number|null);
            value?: (number|null);
        }

        class Gift implements IGift {
            constructor(p?: loadfleet.chat.IGift);
            public room: string;
            public giftId: number;
            public count: number;
            public value: number;
            public static create(properties?: loadfleet.chat.IGift): loadfleet.chat.Gift;
            public static encode(m: loadfleet.chat.IGift, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Gift;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILightBeam {
            room?: (string|null);
            beamId?: (number|null);
            value?: (number|null);
        }

        class LightBeam implements ILightBeam {
            constructor(p?: loadfleet.chat.ILightBeam);
            public room: string;
            public beamId: number;
            public value: number;
            public static create(properties?: loadfleet.chat.ILightBeam): loadfleet.chat.LightBeam;
            public static encode(m: loadfleet.chat.ILightBeam, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.LightBeam;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IHeartbeat {
        }

        class Heartbeat implements IHeartbeat {
            constructor(p?: loadfleet.chat.IHeartbeat);
            public static create(properties?: loadfleet.chat.IHeartbeat): loadfleet.chat.Heartbeat;
            public static encode(m: loadfleet.chat.IHeartbeat, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Heartbeat;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILoginAck {
            serverTime?: (number|null);
            userId?: (number|null);
        }

        class LoginAck implements ILoginAck {
            constructor(p?: loadfleet.chat.ILoginAck);
            public serverTime: number;
            public userId: number;
            public static create(properties?: loadfleet.chat.ILoginAck): loadfleet.chat.LoginAck;
            public static encode(m: loadfleet.chat.ILoginAck, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.LoginAck;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IJoined {
            serverTime?: (number|null);
            room?: (string|null);
            memberCount?: (number|null);
        }

        class Joined implements IJoined {
            constructor(p?: loadfleet.chat.IJoined);
            public serverTime: number;
            public room: string;
            public memberCount: number;
            public static create(properties?: loadfleet.chat.IJoined): loadfleet.chat.Joined;
            public static encode(m: loadfleet.chat.IJoined, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Joined;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILeft {
            serverTime?: (number|null);
            room?: (string|null);
        }

        class Left implements ILeft {
            constructor(p?: loadfleet.chat.ILeft);
            public serverTime: number;
            public room: string;
            public static create(properties?: loadfleet.chat.ILeft): loadfleet.chat.Left;
            public static encode(m: loadfleet.chat.ILeft, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Left;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IHeartbeatAck {
            serverTime?: (number|null);
        }

        class HeartbeatAck implements IHeartbeatAck {
            constructor(p?: loadfleet.chat.IHeartbeatAck);
            public serverTime: number;
            public static create(properties?: loadfleet.chat.IHeartbeatAck): loadfleet.chat.HeartbeatAck;
            public static encode(m: loadfleet.chat.IHeartbeatAck, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.HeartbeatAck;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IAck {
            serverTime?: (number|null);
        }

        class Ack implements IAck {
            constructor(p?: loadfleet.chat.IAck);
            public serverTime: number;
            public static create(properties?: loadfleet.chat.IAck): loadfleet.chat.Ack;
            public static encode(m: loadfleet.chat.IAck, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Ack;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IRoomEvent {
            room?: (string|null);
            originUser?: (number|null);
            originSentAt?: (number|null);
            chat?: (loadfleet.chat.IChatEvent|null);
            likes?: (loadfleet.chat.ILikesEvent|null);
            gift?: (loadfleet.chat.IGiftEvent|null);
            beam?: (loadfleet.chat.IBeamEvent|null);
            join?: (loadfleet.chat.IMemberEvent|null);
            leave?: (loadfleet.chat.IMemberEvent|null);
        }

        class RoomEvent implements IRoomEvent {
            constructor(p?: loadfleet.chat.IRoomEvent);
            public room: string;
            public originUser: number;
            public originSentAt: number;
            public chat?: (loadfleet.chat.IChatEvent|null);
            public likes?: (loadfleet.chat.ILikesEvent|null);
            public gift?: (loadfleet.chat.IGiftEvent|null);
            public beam?: (loadfleet.chat.IBeamEvent|null);
            public join?: (loadfleet.chat.IMemberEvent|null);
            public leave?: (loadfleet.chat.IMemberEvent|null);
            public kind?: ("chat"|"likes"|"gift"|"beam"|"join"|"leave");
            public static create(properties?: loadfleet.chat.IRoomEvent): loadfleet.chat.RoomEvent;
            public static encode(m: loadfleet.chat.IRoomEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.RoomEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IChatEvent {
            text?: (string|null);
        }

        class ChatEvent implements IChatEvent {
            constructor(p?: loadfleet.chat.IChatEvent);
            public text: string;
            public static create(properties?: loadfleet.chat.IChatEvent): loadfleet.chat.ChatEvent;
            public static encode(m: loadfleet.chat.IChatEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.ChatEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILikesEvent {
            count?: (number|null);
            senders?: (number|null);
        }

        class LikesEvent implements ILikesEvent {
            constructor(p?: loadfleet.chat.ILikesEvent);
            public count: number;
            public senders: number;
            public static create(properties?: loadfleet.chat.ILikesEvent): loadfleet.chat.LikesEvent;
            public static encode(m: loadfleet.chat.ILikesEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.LikesEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IGiftEvent {
            giftId?: (number|null);
            count?: (number|null);
            value?: (number|null);
        }

        class GiftEvent implements IGiftEvent {
            constructor(p?: loadfleet.chat.IGiftEvent);
            public giftId: number;
            public count: number;
            public value: number;
            public static create(properties?: loadfleet.chat.IGiftEvent): loadfleet.chat.GiftEvent;
            public static encode(m: loadfleet.chat.IGiftEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.GiftEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IBeamEvent {
            beamId?: (number|null);
            value?: (number|null);
        }

        class BeamEvent implements IBeamEvent {
            constructor(p?: loadfleet.chat.IBeamEvent);
            public beamId: number;
            public value: number;
            public static create(properties?: loadfleet.chat.IBeamEvent): loadfleet.chat.BeamEvent;
            public static encode(m: loadfleet.chat.IBeamEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.BeamEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IMemberEvent {
            memberCount?: (number|null);
        }

        class MemberEvent implements IMemberEvent {
            constructor(p?: loadfleet.chat.IMemberEvent);
            public memberCount: number;
            public static create(properties?: loadfleet.chat.IMemberEvent): loadfleet.chat.MemberEvent;
            public static encode(m: loadfleet.chat.IMemberEvent, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.MemberEvent;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        enum ErrorCode {
            ERROR_UNSPECIFIED = 0,
            NOT_LOGGED_IN = 1,
            NOT_IN_ROOM = 2,
            BAD_REQUEST = 3,
            PROTOCOL_ERROR = 4,
            ALREADY_LOGGED_IN = 5
        }

        interface IError {
            code?: (loadfleet.chat.ErrorCode|null);
            reason?: (string|null);
        }

        class Error implements IError {
            constructor(p?: loadfleet.chat.IError);
            public code: loadfleet.chat.ErrorCode;
            public reason: string;
            public static create(properties?: loadfleet.chat.IError): loadfleet.chat.Error;
            public static encode(m: loadfleet.chat.IError, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Error;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        enum KickReason {
            KICK_UNSPECIFIED = 0,
            HEARTBEAT_TIMEOUT = 1,
            LOGIN_TIMEOUT = 2,
            SLOW_CONSUMER = 3,
            SERVER_SHUTDOWN = 4,
            PROTOCOL_VIOLATION = 5
        }

        interface IKick {
            reason?: (loadfleet.chat.KickReason|null);
            detail?: (string|null);
        }

        class Kick implements IKick {
            constructor(p?: loadfleet.chat.IKick);
            public reason: loadfleet.chat.KickReason;
            public detail: string;
            public static create(properties?: loadfleet.chat.IKick): loadfleet.chat.Kick;
            public static encode(m: loadfleet.chat.IKick, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.chat.Kick;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }
    }
}
