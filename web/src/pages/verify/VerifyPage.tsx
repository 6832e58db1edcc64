import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CameraOutlined, CloudSyncOutlined, PictureOutlined, SafetyCertificateOutlined, SnippetsOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { verifierCategoryLabel, verifyReasonLabel } from '../credentials/reasons';
import { verifyOffline } from './offlineVerify';
import { decodeDrawable, decodeImageFile } from './qr';
import {
  fetchMyVerifier,
  HISTORY_MAX,
  isOfflineError,
  postVerification,
  readCache,
  readHistory,
  refreshCache,
  REFRESH_MS,
  writeHistory,
  type HistoryEntry,
  type TrustCache,
} from './verifyApi';
import VerifyResult, { ageText, type ShownResult } from './VerifyResult';

const SCAN_INTERVAL_MS = 200;
/** Camera frames are decoded at most this wide: enough for a phone-screen QR, cheap enough for 5 frames a second. */
const FRAME_MAX = 960;

const randomId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** 亮证核验: scan, upload or paste a presentation; verified by the server, or in the browser from the cache when offline. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const me = useRequest((signal) => fetchMyVerifier(signal), []);
  const [cache, setCache] = useState<TrustCache | null>(() => readCache());
  const [cacheError, setCacheError] = useState<unknown>(undefined);
  const [refreshing, setRefreshing] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [now, setNow] = useState(() => Date.now());
  const [scene, setScene] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ShownResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>(() => readHistory());
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | null>(null);

  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<number | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const cacheRef = useRef(cache);
  cacheRef.current = cache;
  const sceneRef = useRef(scene);
  sceneRef.current = scene;

  // The offline cache: refreshed on arrival, every five minutes while online, and when the network comes back.
  const refresh = useCallback(async () => {
    if (!navigator.onLine) return;
    setRefreshing(true);
    try {
      setCache(await refreshCache());
      setCacheError(undefined);
    } catch (err) {
      setCacheError(err);
    } finally {
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    const clock = window.setInterval(() => setNow(Date.now()), 30_000);
    const onOnline = () => {
      setOnline(true);
      void refresh();
    };
    const onOffline = () => setOnline(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.clearInterval(timer);
      window.clearInterval(clock);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, [refresh]);

  const scenes = useMemo(() => {
    const seen = new Map<string, string>();
    for (const type of cache?.trust.types ?? []) for (const s of type.scenes) if (!seen.has(s.code)) seen.set(s.code, s.name);
    return [...seen].map(([code, name]) => ({ code, name }));
  }, [cache]);

  const record = useCallback((shown: ShownResult) => {
    setResult(shown);
    setHistory((list) => {
      const entry: HistoryEntry = {
        id: shown.id, at: shown.checkedAt, ok: shown.ok, reason: shown.reason, typeName: shown.licence?.typeName ?? null,
        scene: shown.scene?.name ?? null, offline: shown.offline,
      };
      const next = [entry, ...list].slice(0, HISTORY_MAX);
      writeHistory(next);
      return next;
    });
  }, []);

  const verify = useCallback(
    async (presentation: string) => {
      const p = presentation.trim();
      if (!p) return;
      const chosen = sceneRef.current || undefined;
      setBusy(true);
      setError(null);
      setResult(null);
      setNow(Date.now());
      try {
        if (!navigator.onLine) throw new Error('offline');
        const v = await postVerification(p, chosen);
        record({ ...v, offline: false });
      } catch (err) {
        if (!(isOfflineError(err) || (err instanceof Error && err.message === 'offline'))) {
          setError(errorText(err, t));
          return;
        }
        const cached = cacheRef.current ?? readCache();
        if (!cached) {
          setError(t('verify.noCache'));
          return;
        }
        const at = Date.now();
        const r = await verifyOffline(p, { trust: cached.trust, statusTokens: cached.tokens, scene: chosen, now: Math.floor(at / 1000) });
        record({
          ...r, id: randomId(), checkedAt: new Date(at).toISOString(), offline: true,
          cacheFetchedAt: cached.fetchedAt, offlineSeconds: cached.trust.offlineSeconds,
        });
      } finally {
        setBusy(false);
      }
    },
    [record, t],
  );

  // Camera: frames drawn to a canvas and decoded every 200 ms until a code is found.
  const stopCamera = useCallback(() => {
    if (timerRef.current !== null) window.clearInterval(timerRef.current);
    timerRef.current = null;
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setScanning(false);
  }, []);

  useEffect(() => stopCamera, [stopCamera]);

  const startCamera = async () => {
    setCameraError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setCameraError(t('verify.cameraUnavailable', { error: 'getUserMedia' }));
      return;
    }
    try {
      stopCamera();
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      streamRef.current = stream;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play();
      setScanning(true);
      canvasRef.current ??= document.createElement('canvas');
      timerRef.current = window.setInterval(() => {
        const v = videoRef.current;
        const canvas = canvasRef.current;
        if (!v || !canvas || v.readyState < 2 || !v.videoWidth) return;
        const scale = Math.min(1, FRAME_MAX / Math.max(v.videoWidth, v.videoHeight));
        const found = decodeDrawable(canvas, v, Math.round(v.videoWidth * scale), Math.round(v.videoHeight * scale));
        if (found) {
          stopCamera();
          void verify(found);
        }
      }, SCAN_INTERVAL_MS);
    } catch (err) {
      stopCamera();
      setCameraError(t('verify.cameraUnavailable', { error: err instanceof Error ? err.message : String(err) }));
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      const found = await decodeImageFile(file);
      if (found) await verify(found);
      else {
        setResult(null);
        setError(t('verify.noCode'));
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const verifier = me.data?.verifier;
  const historyColumns: TableColumnsType<HistoryEntry> = [
    { title: t('verify.checkedAt'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('verify.result'),
      key: 'ok',
      width: 220,
      render: (_: unknown, h) => (
        <Space size={4} wrap>
          <Tag color={h.ok ? 'success' : 'error'}>{h.ok ? t('verify.passed') : t('verify.failed')}</Tag>
          {!h.ok && <span>{verifyReasonLabel(h.reason, t)}</span>}
        </Space>
      ),
    },
    { title: t('verify.licenceType'), dataIndex: 'typeName', render: (v: string | null) => v ?? '—' },
    { title: t('verify.sceneLabel'), dataIndex: 'scene', render: (v: string | null) => v ?? '—' },
    {
      title: t('verify.historyMode'),
      dataIndex: 'offline',
      width: 90,
      render: (v: boolean) => <Tag color={v ? 'warning' : 'processing'}>{v ? t('verify.modes.offline') : t('verify.modes.online')}</Tag>,
    },
  ];

  const cacheAge = cache ? now - cache.fetchedAt : undefined;
  const cacheTooOld = cache && cacheAge !== undefined && cacheAge > cache.trust.offlineSeconds * 1000;

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle" gutter={[16, 8]}>
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              <SafetyCertificateOutlined /> {t('verify.title')}
            </Typography.Title>
            <Space wrap size={8} style={{ marginTop: 4 }}>
              {me.data && (
                <Typography.Text strong data-testid="verify-org">
                  {verifier ? t('verify.org', { name: verifier.name }) : t('verify.noOrg')}
                </Typography.Text>
              )}
              {verifier && <Tag color="magenta">{verifierCategoryLabel(verifier.category, t)}</Tag>}
              <Tag color={online ? 'success' : 'warning'} data-testid="verify-online">
                {online ? t('verify.online') : t('verify.offline')}
              </Tag>
            </Space>
            <div>
              <Typography.Text type="secondary">{t('verify.description')}</Typography.Text>
            </div>
          </Col>
          <Col>
            <Space direction="vertical" align="end" size={4}>
              <Typography.Text type={cacheTooOld ? 'danger' : 'secondary'} data-testid="verify-cache-status">
                {cache ? t('verify.cacheStatus', { age: ageText(cacheAge ?? 0, t) }) : t('verify.cacheNone')}
              </Typography.Text>
              <Button icon={<CloudSyncOutlined />} onClick={() => void refresh()} loading={refreshing} disabled={!online} data-testid="verify-cache-refresh">
                {t('verify.cacheRefresh')}
              </Button>
            </Space>
          </Col>
        </Row>
        {me.error !== undefined && <Alert type="error" showIcon message={errorText(me.error, t)} style={{ marginTop: 12 }} />}
        {cacheError !== undefined && online && (
          <Alert type="warning" showIcon message={t('verify.cacheFailed', { error: errorText(cacheError, t) })} style={{ marginTop: 12 }} />
        )}
        {cacheTooOld && <Alert type="error" showIcon message={t('verify.cacheTooOld', { hours: Math.round(cache.trust.offlineSeconds / 3600) })} style={{ marginTop: 12 }} />}
      </Card>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <label htmlFor="verify-scene">{t('verify.scene')}</label>
          <select
            id="verify-scene"
            data-testid="verify-scene"
            value={scene}
            onChange={(e) => setScene(e.target.value)}
            style={{ minWidth: 220, height: 32, padding: '0 8px', border: '1px solid #d9d9d9', borderRadius: 4, background: '#fff' }}
          >
            <option value="">{t('verify.anyScene')}</option>
            {scenes.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </Space>
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={8}>
          <Card title={<><CameraOutlined /> {t('verify.camera')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('verify.cameraHint')}</Typography.Paragraph>
            <video
              ref={videoRef}
              muted
              playsInline
              data-testid="verify-video"
              style={{ width: '100%', maxHeight: 320, background: '#000', borderRadius: 4, display: scanning ? 'block' : 'none', marginBottom: 8 }}
            />
            {scanning ? (
              <Space>
                <Button icon={<StopOutlined />} onClick={stopCamera} data-testid="verify-camera-stop">
                  {t('verify.cameraStop')}
                </Button>
                <Typography.Text type="secondary">{t('verify.cameraScanning')}</Typography.Text>
              </Space>
            ) : (
              <Button type="primary" icon={<CameraOutlined />} onClick={() => void startCamera()} disabled={busy} data-testid="verify-camera-start">
                {t('verify.cameraStart')}
              </Button>
            )}
            {cameraError && <Alert type="error" showIcon message={cameraError} style={{ marginTop: 8 }} />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<><PictureOutlined /> {t('verify.upload')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('verify.uploadHint')}</Typography.Paragraph>
            <input
              ref={fileRef}
              type="file"
              accept="image/*"
              data-testid="verify-upload"
              style={{ display: 'none' }}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
            <Button icon={<PictureOutlined />} onClick={() => fileRef.current?.click()} disabled={busy}>
              {t('verify.uploadButton')}
            </Button>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<><SnippetsOutlined /> {t('verify.paste')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('verify.pasteHint')}</Typography.Paragraph>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('verify.pastePlaceholder')}
              autoSize={{ minRows: 3, maxRows: 6 }}
              data-testid="verify-paste"
              style={{ fontFamily: 'monospace', marginBottom: 8 }}
            />
            <Button type="primary" onClick={() => void verify(text)} disabled={!text.trim()} loading={busy} data-testid="verify-paste-submit">
              {t('verify.pasteSubmit')}
            </Button>
          </Card>
        </Col>
      </Row>

      {busy && <Alert type="info" showIcon message={t('verify.verifying')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="verify-error" />}
      {result && <VerifyResult result={result} now={now} />}

      <Card
        title={t('verify.history')}
        extra={
          history.length > 0 && (
            <Button
              size="small"
              onClick={() => {
                setHistory([]);
                writeHistory([]);
              }}
            >
              {t('verify.historyClear')}
            </Button>
          )
        }
      >
        <Table<HistoryEntry>
          rowKey="id"
          size="small"
          columns={historyColumns}
          dataSource={history}
          pagination={false}
          locale={{ emptyText: t('verify.historyEmpty') }}
          data-testid="verify-history"
        />
      </Card>
    </div>
  );
}
