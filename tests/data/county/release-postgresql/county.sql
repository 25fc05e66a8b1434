--
-- PostgreSQL database dump
--

\restrict lnUEU0beqhBktjkMQT4hqGKEeSu34MnJvoDONeT6wEq4kTSdAaYg2gUuXaV5yE2

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkpoints (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(32) NOT NULL,
    township character varying(100) NOT NULL,
    created_at character varying(40) NOT NULL
);


--
-- Name: checkpoints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.checkpoints_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: checkpoints_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.checkpoints_id_seq OWNED BY public.checkpoints.id;


--
-- Name: county_audit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.county_audit (
    id integer NOT NULL,
    at character varying(40) NOT NULL,
    username character varying(64) NOT NULL,
    action character varying(64) NOT NULL,
    subject character varying(200) NOT NULL,
    details text NOT NULL
);


--
-- Name: county_audit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.county_audit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: county_audit_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.county_audit_id_seq OWNED BY public.county_audit.id;


--
-- Name: dashboard_user_roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dashboard_user_roles (
    username character varying(64) NOT NULL,
    role character varying(32) NOT NULL
);


--
-- Name: dashboard_users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dashboard_users (
    username character varying(64) NOT NULL,
    password_hash character varying(200) NOT NULL,
    created_at character varying(40) NOT NULL
);


--
-- Name: device_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.device_reports (
    device_id character varying(64) NOT NULL,
    waiting integer NOT NULL,
    reported_at character varying(40) NOT NULL
);


--
-- Name: devices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.devices (
    device_id character varying(64) NOT NULL,
    checkpoint_id integer NOT NULL,
    public_key character varying(64) NOT NULL,
    last_sequence bigint NOT NULL,
    revoked boolean NOT NULL,
    enrolled_at character varying(40) NOT NULL,
    revoked_at character varying(40),
    last_seen_at character varying(40)
);


--
-- Name: enrollment_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enrollment_codes (
    code character varying(16) NOT NULL,
    checkpoint_id integer NOT NULL,
    created_at character varying(40) NOT NULL,
    expires_at character varying(40) NOT NULL,
    used_at character varying(40),
    used_by_device character varying(64)
);


--
-- Name: imports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.imports (
    bundle_id character varying(64) NOT NULL,
    device_id character varying(64) NOT NULL,
    file_sha256 character varying(64) NOT NULL,
    imported_at character varying(40) NOT NULL,
    record_count integer NOT NULL,
    new_count integer NOT NULL,
    already_had_count integer NOT NULL,
    conflict_count integer NOT NULL
);


--
-- Name: policy_packs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.policy_packs (
    version integer NOT NULL,
    published_at character varying(40) NOT NULL,
    envelope text NOT NULL,
    etag character varying(80) NOT NULL
);


--
-- Name: record_conflicts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.record_conflicts (
    id integer NOT NULL,
    uuid character varying(64) NOT NULL,
    version integer NOT NULL,
    content_hash character varying(64) NOT NULL,
    wire text NOT NULL,
    device_id character varying(64) NOT NULL,
    source character varying(16) NOT NULL,
    received_at character varying(40) NOT NULL,
    resolved_at character varying(40)
);


--
-- Name: record_conflicts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.record_conflicts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: record_conflicts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.record_conflicts_id_seq OWNED BY public.record_conflicts.id;


--
-- Name: records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.records (
    uuid character varying(64) NOT NULL,
    version integer NOT NULL,
    content_hash character varying(64) NOT NULL,
    wire text NOT NULL,
    device_id character varying(64) NOT NULL,
    checkpoint_id integer NOT NULL,
    checked_at character varying(40) NOT NULL,
    disposition character varying(32) NOT NULL,
    health_colour character varying(16) NOT NULL,
    fever boolean NOT NULL,
    nat_expired boolean NOT NULL,
    destination_township character varying(100) NOT NULL,
    source character varying(16) NOT NULL,
    import_id character varying(64),
    received_at character varying(40) NOT NULL
);


--
-- Name: watch_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.watch_entries (
    id integer NOT NULL,
    document_number character varying(64) NOT NULL,
    reason character varying(200) NOT NULL,
    expires_at character varying(40) NOT NULL,
    created_by character varying(64) NOT NULL,
    created_at character varying(40) NOT NULL,
    removed_at character varying(40),
    removed_by character varying(64)
);


--
-- Name: watch_entries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.watch_entries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: watch_entries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.watch_entries_id_seq OWNED BY public.watch_entries.id;


--
-- Name: watch_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.watch_lists (
    version integer NOT NULL,
    published_at character varying(40) NOT NULL,
    envelope text NOT NULL,
    etag character varying(80) NOT NULL
);


--
-- Name: checkpoints id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkpoints ALTER COLUMN id SET DEFAULT nextval('public.checkpoints_id_seq'::regclass);


--
-- Name: county_audit id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county_audit ALTER COLUMN id SET DEFAULT nextval('public.county_audit_id_seq'::regclass);


--
-- Name: record_conflicts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.record_conflicts ALTER COLUMN id SET DEFAULT nextval('public.record_conflicts_id_seq'::regclass);


--
-- Name: watch_entries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.watch_entries ALTER COLUMN id SET DEFAULT nextval('public.watch_entries_id_seq'::regclass);


--
-- Data for Name: checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.checkpoints (id, name, kind, township, created_at) FROM stdin;
1	宁洛高速谭庄站	toll_station	谭庄镇	2026-12-02T13:53:11.350582+00:00
2	谭庄镇人民医院门口	toll_station	谭庄镇	2026-12-02T13:53:11.552832+00:00
3	张明乡服务区	toll_station	谭庄镇	2026-12-02T13:53:11.728564+00:00
\.


--
-- Data for Name: county_audit; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.county_audit (id, at, username, action, subject, details) FROM stdin;
1	2026-12-02T13:53:12.105541+00:00	命令行	user.role	值班员	{"role": "viewer"}
2	2026-12-02T13:53:12.251393+00:00	命令行	user.role	谭庄跟进	{"role": "follow_up"}
3	2026-12-02T13:53:12.428784+00:00	命令行	user.role	管理员	{"role": "admin"}
4	2026-12-02T13:53:12.432437+00:00	管理员	watchlist.add	1	{"days": 60, "number": "4116**********1234", "reason": "密接"}
\.


--
-- Data for Name: dashboard_user_roles; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dashboard_user_roles (username, role) FROM stdin;
值班员	viewer
谭庄跟进	follow_up
管理员	admin
\.


--
-- Data for Name: dashboard_users; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dashboard_users (username, password_hash, created_at) FROM stdin;
值班员	$argon2id$v=19$m=65536,t=3,p=4$fZE64p2MCEfATNp5D/v7hQ$in58QmydPY4YL/I0eP9915uVPaB6FLC49SUDPV6QxIA	2026-12-02T13:53:12.097429+00:00
谭庄跟进	$argon2id$v=19$m=65536,t=3,p=4$RohQiysQ9rHZy5fC2IuwHQ$8g/hcwRa5PKHuwRhhsO18a9BBvi0/EB7nQECS76E9MM	2026-12-02T13:53:12.245212+00:00
管理员	$argon2id$v=19$m=65536,t=3,p=4$FIG/j85M6BRH9wmkJSnu+A$JGtsOjAsZsRh1JbqbjPz+ksMOHAjmOebrGsztIKrPug	2026-12-02T13:53:12.423932+00:00
\.


--
-- Data for Name: device_reports; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.device_reports (device_id, waiting, reported_at) FROM stdin;
f1dfd747-a255-48d7-8841-f8f5e0b5d485	0	2026-12-02T13:53:11.839187+00:00
6b7617a3-7861-40ec-9b41-956cd6e32f27	0	2026-12-02T13:53:11.880664+00:00
de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	0	2026-12-02T13:53:11.923326+00:00
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (device_id, checkpoint_id, public_key, last_sequence, revoked, enrolled_at, revoked_at, last_seen_at) FROM stdin;
f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	yYoq5k0wcg3bByzdL7dAgXXXbV5sB4X/JcMJ6birUBQ=	1	f	2026-12-02T13:53:11.584069+00:00	\N	2026-12-02T13:53:11.835115+00:00
de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	myrKB/F+dZRrR8nGTKlbvAlBYtQgo/JcvMQIkOKpGA8=	2	f	2026-12-02T13:53:11.407847+00:00	\N	2026-12-02T13:53:11.920642+00:00
6b7617a3-7861-40ec-9b41-956cd6e32f27	3	+7cvbs5416F/RluAeL40IC8gI9ESlacCsgjMEk+UFlc=	1	t	2026-12-02T13:53:11.751016+00:00	2026-12-02T13:53:12.447528+00:00	2026-12-02T13:53:11.874793+00:00
\.


--
-- Data for Name: enrollment_codes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.enrollment_codes (code, checkpoint_id, created_at, expires_at, used_at, used_by_device) FROM stdin;
PZD3PBCQ	1	2026-12-02T13:53:11.356122+00:00	2026-12-09T13:53:11.356122+00:00	2026-12-02T13:53:11.407847+00:00	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c
RMZIJ7ON	2	2026-12-02T13:53:11.554995+00:00	2026-12-09T13:53:11.554995+00:00	2026-12-02T13:53:11.584069+00:00	f1dfd747-a255-48d7-8841-f8f5e0b5d485
GUHU3M6B	3	2026-12-02T13:53:11.729780+00:00	2026-12-09T13:53:11.729780+00:00	2026-12-02T13:53:11.751016+00:00	6b7617a3-7861-40ec-9b41-956cd6e32f27
\.


--
-- Data for Name: imports; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.imports (bundle_id, device_id, file_sha256, imported_at, record_count, new_count, already_had_count, conflict_count) FROM stdin;
707b9da1-842c-47ce-b881-f09031a46c72	f1dfd747-a255-48d7-8841-f8f5e0b5d485	e993e7fbf97125f35b8233ee33f3f1d070653fe48c3d96bace2f245ad9edd896	2026-12-02T13:53:11.959655+00:00	6	2	4	0
\.


--
-- Data for Name: policy_packs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.policy_packs (version, published_at, envelope, etag) FROM stdin;
1	2026-12-02T13:53:11.971851+00:00	{"format":1,"pack":{"content":{"_source":"卡点通内置的默认策略：与 records/assessment.py 的内置规则相同，在收到县指挥部的第一个策略包之前使用。风险地区列表为空；乡镇与健康码识别规则取自 townships.json 和 code_issuers.json。","checkpoints":[],"code_issuers":[{"issuer":"豫康码","patterns":["^https?://([a-z0-9-]+\\\\.)*hnykm\\\\.cn/","^https?://([a-z0-9-]+\\\\.)*henan\\\\.gov\\\\.cn/.*(ykm|jkm|health)","^https?://([a-z0-9-]+\\\\.)*hnzwfw\\\\.gov\\\\.cn/.*(ykm|jkm)","^YKM[:_-]?[0-9A-Z]{16,64}$"],"province":"河南"},{"issuer":"粤康码","patterns":["^https?://([a-z0-9-]+\\\\.)*gdbs\\\\.gov\\\\.cn/.*(ykm|yuekang|health)","^https?://([a-z0-9-]+\\\\.)*gdhealth\\\\.gd\\\\.gov\\\\.cn/"],"province":"广东"},{"issuer":"随申码","patterns":["^https?://([a-z0-9-]+\\\\.)*sh\\\\.gov\\\\.cn/.*(ssm|suishen)","^SSM[:_-]?[0-9A-Z]{16,64}$"],"province":"上海"},{"issuer":"北京健康宝","patterns":["^https?://([a-z0-9-]+\\\\.)*beijing\\\\.gov\\\\.cn/.*(jkb|jiankangbao|health)","^https?://([a-z0-9-]+\\\\.)*bjjkb\\\\.cn/"],"province":"北京"},{"issuer":"苏康码","patterns":["^https?://([a-z0-9-]+\\\\.)*jszwfw\\\\.gov\\\\.cn/.*(skm|sukang|health)","^SKM[:_-]?[0-9A-Z]{16,64}$"],"province":"江苏"},{"issuer":"浙江健康码","patterns":["^https?://([a-z0-9-]+\\\\.)*zjzwfw\\\\.gov\\\\.cn/.*(jkm|health)","^https?://([a-z0-9-]+\\\\.)*zjjkm\\\\.cn/"],"province":"浙江"},{"issuer":"津心通（津门战疫）","patterns":["^https?://([a-z0-9-]+\\\\.)*tj\\\\.gov\\\\.cn/.*(jxt|jmzy|health)","^https?://([a-z0-9-]+\\\\.)*jinxintong\\\\.cn/"],"province":"天津"},{"issuer":"湖南居民健康码","patterns":["^https?://([a-z0-9-]+\\\\.)*hunan\\\\.gov\\\\.cn/.*(jkm|health)","^https?://([a-z0-9-]+\\\\.)*xiangshida\\\\.cn/.*(jkm|health)"],"province":"湖南"},{"issuer":"鄂康码","patterns":["^https?://([a-z0-9-]+\\\\.)*hubei\\\\.gov\\\\.cn/.*(ekm|jkm|health)"],"province":"湖北"},{"issuer":"安康码","patterns":["^https?://([a-z0-9-]+\\\\.)*ahzwfw\\\\.gov\\\\.cn/.*(akm|ankang|health)"],"province":"安徽"},{"issuer":"山东健康通行码","patterns":["^https?://([a-z0-9-]+\\\\.)*shandong\\\\.gov\\\\.cn/.*(jkm|txm|health)"],"province":"山东"}],"otherwise":{"allow":["release_test"],"reason":"各项正常","suggest":"release"},"risk_areas":[],"rules":[{"allow":[],"id":"fever","reason":"体温 {temperature} °C ≥ {fever_threshold}","suggest":"fever_clinic","when":{"fever":true}},{"allow":["fever_clinic"],"id":"nat_positive","reason":"核酸阳性","report":true,"suggest":"central_quarantine","when":{"nat":["positive"]}},{"allow":[],"id":"red_code","reason":"红码","report":true,"suggest":"central_quarantine","when":{"health_colour":["red"]}},{"allow":["central_quarantine"],"id":"high_risk_origin","reason":"来自 {origin}({origin_level})","suggest":"turn_back","when":{"origin_risk":["high"]}},{"allow":["central_quarantine","turn_back"],"id":"medium_risk_origin","reason":"来自 {origin}({origin_level})","suggest":"home_quarantine","when":{"origin_risk":["medium"]}},{"allow":["release_test","home_quarantine"],"id":"yellow_code","reason":"黄码","suggest":"home_monitoring","when":{"health_colour":["yellow"]}},{"allow":["release_test","home_quarantine"],"id":"travel_card_colour","reason":"行程卡{travel_colour}","suggest":"home_monitoring","when":{"travel_colour":["yellow","red"]}},{"allow":["release","home_monitoring"],"id":"health_code_unchecked","reason":"健康码{health_colour}","suggest":"release_test","when":{"health_colour":["unknown","grey"]}},{"allow":["release","home_monitoring"],"id":"nat_missing_or_expired","reason":"{nat}","suggest":"release_test","when":{"nat":["missing","expired"]}}],"schema_version":1,"thresholds":{"fever_celsius":37.3,"nat_valid_hours":48,"retention_days":30,"screenshot_max_age_minutes":30},"title":"内置默认策略（未收到县指挥部策略）","townships":["东城街道","老城街道","新城街道","城关乡","谭庄镇","张明乡","郝岗镇","大武乡","白寺镇","固墙镇","魏集镇","黄寨镇","化河乡","张庄镇","汤庄乡","练集镇","平店乡","袁老乡","邓城镇","巴村镇","姚集镇","舒庄乡","胡吉镇","阳城镇"]},"published_at":"2026-12-02T13:53:11.971851+00:00","version":1},"signature":"C0FWulszT3FiDxzRRN46VCp0kl3NQIyoWsU+Na8C02HBbeBjY7NM1iQMWI35iHyE9goT2/eE2ZSe5OGIhOq4DQ=="}	"v1-3b1e95de24edf259"
\.


--
-- Data for Name: record_conflicts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.record_conflicts (id, uuid, version, content_hash, wire, device_id, source, received_at, resolved_at) FROM stdin;
\.


--
-- Data for Name: records; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.records (uuid, version, content_hash, wire, device_id, checkpoint_id, checked_at, disposition, health_colour, fever, nat_expired, destination_township, source, import_id, received_at) FROM stdin;
4caec270-19ad-4bc8-90f6-690a5a0f1be2	1	f2fb61cc22d5ba8e48df00fcd2f349441ef559dd30e61b1bcea508f9a4108279	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"4caec270-19ad-4bc8-90f6-690a5a0f1be2","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
a00c722b-5422-4dd9-b811-a8ce17cd18c8	1	40f2f2305e0b1289bd3b24920aeedd0d3de9b631c332f38eb25a9fc30757ea83	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"a00c722b-5422-4dd9-b811-a8ce17cd18c8","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
44915983-6c1d-499b-b026-50b8e1014ba9	1	b461bedbee610a339ec210d559720a1deb7b0533bdacf826a5abe9cd7dc8afd6	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"44915983-6c1d-499b-b026-50b8e1014ba9","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
642cb336-2439-4253-8b66-f7d83ab37baf	1	b4c25ea15c440b871ff2fe4bd82144902b0f00ed417ab3b85dbe87d56e723285	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"642cb336-2439-4253-8b66-f7d83ab37baf","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
6493fca9-600b-4450-8483-3aa26bbbddaf	1	c8635d6d225ab95c54495fd253cb1183b992028f625374efae4189eab647f871	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"6493fca9-600b-4450-8483-3aa26bbbddaf","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
a501c52a-2892-4aaf-a7c7-d43ddab63f88	1	cfb596dd652d68b84a1d922a9213a9a31b90746102c6de8d71a6da2cfb6a4ae0	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"a501c52a-2892-4aaf-a7c7-d43ddab63f88","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.795130+00:00
8462c746-1a72-4961-9c26-cf0328d151bc	1	2ab8b87286cad95b25a8046fa45aee9df23cee7d0d64426d8ec83710bcf03931	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"8462c746-1a72-4961-9c26-cf0328d151bc","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.837204+00:00
23f23198-6e4e-4b62-aaf7-7aaa806d8e2a	1	47c04dbb0b0e0b4c841932ec3749b456f250b68da9c79726999e0aea0a8d475e	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"23f23198-6e4e-4b62-aaf7-7aaa806d8e2a","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.837204+00:00
15ef570b-4b96-4d10-a9d4-8d34bce92b78	1	ca5b47b32addf6e65238ae710fd697dd7ad81bf4fc6086f4565f7f11e83a4648	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"15ef570b-4b96-4d10-a9d4-8d34bce92b78","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.837204+00:00
6b07cc49-dc4e-42a4-bc38-c274fb51adc5	1	e656f4030fd5505a17272455f86a849793fc46c55769e19d2306ddec256a535d	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"6b07cc49-dc4e-42a4-bc38-c274fb51adc5","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.837204+00:00
911d9ee7-d5d1-4586-91f9-61b4df56f871	1	64464218e184bcfb3e2a85e2cffe193f8abdbd1df6943339c92812626252c241	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"911d9ee7-d5d1-4586-91f9-61b4df56f871","vaccine_doses":null,"vehicle_id":null,"version":1}	6b7617a3-7861-40ec-9b41-956cd6e32f27	3	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.876607+00:00
d5f66e61-9401-4be9-b111-2f8820d65c77	1	ea113b72965a3bbaad9d16bb5994e70367b71ec9272e750781a788b01018447f	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"d5f66e61-9401-4be9-b111-2f8820d65c77","vaccine_doses":null,"vehicle_id":null,"version":1}	6b7617a3-7861-40ec-9b41-956cd6e32f27	3	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.876607+00:00
ae31196c-9034-48d9-9f0a-ee23dc6bae16	1	798cfd5998de3ac8e7075169209cfd02007b4603453eb158f4a75865be814031	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"ae31196c-9034-48d9-9f0a-ee23dc6bae16","vaccine_doses":null,"vehicle_id":null,"version":1}	6b7617a3-7861-40ec-9b41-956cd6e32f27	3	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.876607+00:00
b14e99f3-66ac-46a1-b784-2f9c07311232	1	9ba879b8725f7eeabe49efdaaed2ee0da02371b25df9afb87b728dffc2591908	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"b14e99f3-66ac-46a1-b784-2f9c07311232","vaccine_doses":null,"vehicle_id":null,"version":1}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.922442+00:00
b14e99f3-66ac-46a1-b784-2f9c07311232	2	077efe61da956040dca579ef770af71777869dee9180821da6dce4bdd0537300	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":37.6,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"b14e99f3-66ac-46a1-b784-2f9c07311232","vaccine_doses":null,"vehicle_id":null,"version":2}	de70cd94-f94d-4dce-b04a-0adaa7d4ad5c	1	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	online	\N	2026-12-02T13:53:11.922442+00:00
41cb344c-f9ff-4235-96f6-fe244a65ca21	1	d30df8d9fac0b5c1174fb72a542aafe113c3fc5ca08ad2a55bf9790d6f8780ad	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"41cb344c-f9ff-4235-96f6-fe244a65ca21","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	bundle	707b9da1-842c-47ce-b881-f09031a46c72	2026-12-02T13:53:11.963324+00:00
d657eaf4-ccfa-4898-93e6-72018ef85ec8	1	67b3b2524d7eeda4232a1d2bf3f6b862c8ab612dfc3f0d4f735388149dbed639	{"checked_at":"2022-04-10T09:30:00.000000+00:00","destination_township":"谭庄镇","disposition":"release","document_number":"411623199004151232","document_type":"resident_id","fever":false,"health_colour":"green","health_issuer":"","health_payload":"","name":"张伟","nat_expired":false,"nat_result":"negative","nat_sampled_at":"2022-04-09T13:30:00.000000+00:00","notes":"","origin_code":"","origin_name":"","override_reason":"","phone":"13812345678","plate":"豫P12345","reason":"","shift_id":1,"sources":{"document_number":"scanned"},"staff_id":1,"temperature":36.5,"travel_cities":["郑州市","上海市*"],"travel_colour":"green","uuid":"d657eaf4-ccfa-4898-93e6-72018ef85ec8","vaccine_doses":null,"vehicle_id":null,"version":1}	f1dfd747-a255-48d7-8841-f8f5e0b5d485	2	2022-04-10T09:30:00.000000+00:00	release	green	f	f	谭庄镇	bundle	707b9da1-842c-47ce-b881-f09031a46c72	2026-12-02T13:53:11.963324+00:00
\.


--
-- Data for Name: watch_entries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.watch_entries (id, document_number, reason, expires_at, created_by, created_at, removed_at, removed_by) FROM stdin;
1	411623198801011234	密接	2027-01-31T13:53:12.430296+00:00	管理员	2026-12-02T13:53:12.430296+00:00	\N	\N
\.


--
-- Data for Name: watch_lists; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.watch_lists (version, published_at, envelope, etag) FROM stdin;
1	2026-12-02T13:53:12.433610+00:00	{"format":1,"kind":"watch_list","list":{"content":{"entries":[{"expires_at":"2027-01-31T13:53:12.430296+00:00","hash":"4822e077a637ca74a0ee85cc322140cc7a42a39c106b578adc12d6febed040f7","reason":"密接","reason_code":"manual"}],"salt":"0H44CCCjB6tVEHGhVOy6wA=="},"published_at":"2026-12-02T13:53:12.433610+00:00","version":1},"signature":"9UvIRXJQf7YjYkB65qJO/39x8LTEsHROjLi0oztieiitE6ehGCnSnqyDgO5XdHdjjQKDj3kLvdPQf61S1vT+Ag=="}	"w1-49e1322d9a92167c"
\.


--
-- Name: checkpoints_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.checkpoints_id_seq', 3, true);


--
-- Name: county_audit_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.county_audit_id_seq', 4, true);


--
-- Name: record_conflicts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.record_conflicts_id_seq', 1, false);


--
-- Name: watch_entries_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.watch_entries_id_seq', 1, true);


--
-- Name: checkpoints checkpoints_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkpoints
    ADD CONSTRAINT checkpoints_name_key UNIQUE (name);


--
-- Name: checkpoints checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkpoints
    ADD CONSTRAINT checkpoints_pkey PRIMARY KEY (id);


--
-- Name: county_audit county_audit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county_audit
    ADD CONSTRAINT county_audit_pkey PRIMARY KEY (id);


--
-- Name: dashboard_user_roles dashboard_user_roles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dashboard_user_roles
    ADD CONSTRAINT dashboard_user_roles_pkey PRIMARY KEY (username);


--
-- Name: dashboard_users dashboard_users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dashboard_users
    ADD CONSTRAINT dashboard_users_pkey PRIMARY KEY (username);


--
-- Name: device_reports device_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_reports
    ADD CONSTRAINT device_reports_pkey PRIMARY KEY (device_id);


--
-- Name: devices devices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_pkey PRIMARY KEY (device_id);


--
-- Name: enrollment_codes enrollment_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrollment_codes
    ADD CONSTRAINT enrollment_codes_pkey PRIMARY KEY (code);


--
-- Name: imports imports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.imports
    ADD CONSTRAINT imports_pkey PRIMARY KEY (bundle_id);


--
-- Name: policy_packs policy_packs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.policy_packs
    ADD CONSTRAINT policy_packs_pkey PRIMARY KEY (version);


--
-- Name: record_conflicts record_conflicts_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.record_conflicts
    ADD CONSTRAINT record_conflicts_once UNIQUE (uuid, version, content_hash);


--
-- Name: record_conflicts record_conflicts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.record_conflicts
    ADD CONSTRAINT record_conflicts_pkey PRIMARY KEY (id);


--
-- Name: records records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (uuid, version);


--
-- Name: watch_entries watch_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.watch_entries
    ADD CONSTRAINT watch_entries_pkey PRIMARY KEY (id);


--
-- Name: watch_lists watch_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.watch_lists
    ADD CONSTRAINT watch_lists_pkey PRIMARY KEY (version);


--
-- Name: records_checked_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX records_checked_at ON public.records USING btree (checked_at);


--
-- Name: records_checkpoint_checked; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX records_checkpoint_checked ON public.records USING btree (checkpoint_id, checked_at);


--
-- Name: device_reports device_reports_device_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_reports
    ADD CONSTRAINT device_reports_device_id_fkey FOREIGN KEY (device_id) REFERENCES public.devices(device_id);


--
-- Name: devices devices_checkpoint_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_checkpoint_id_fkey FOREIGN KEY (checkpoint_id) REFERENCES public.checkpoints(id);


--
-- Name: enrollment_codes enrollment_codes_checkpoint_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrollment_codes
    ADD CONSTRAINT enrollment_codes_checkpoint_id_fkey FOREIGN KEY (checkpoint_id) REFERENCES public.checkpoints(id);


--
-- Name: records records_checkpoint_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records
    ADD CONSTRAINT records_checkpoint_id_fkey FOREIGN KEY (checkpoint_id) REFERENCES public.checkpoints(id);


--
-- PostgreSQL database dump complete
--

\unrestrict lnUEU0beqhBktjkMQT4hqGKEeSu34MnJvoDONeT6wEq4kTSdAaYg2gUuXaV5yE2

