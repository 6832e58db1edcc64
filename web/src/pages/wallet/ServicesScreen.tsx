import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Empty, Result, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { formatDateTime } from '../../format';
import { formatValue, useWallet, walletError } from './context';
import { walletApi, type Application, type ApplicationStatus, type ApplicationSummary, type EvidencePiece, type ServiceItem } from './walletApi';

const APP_STATUS_COLORS: Record<ApplicationStatus, string> = { previewed: 'blue', submitted: 'green', cancelled: 'default' };

/** 办事 (免证办): apply for an item, see each piece of evidence before it is released, decline any, confirm. */
export default function ServicesScreen() {
  const { t } = useTranslation();
  const session = useWallet();
  const [items, setItems] = useState<ServiceItem[] | null>(null);
  const [mine, setMine] = useState<ApplicationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyItem, setBusyItem] = useState<string | null>(null);
  const [current, setCurrent] = useState<Application | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [itemList, apps] = await Promise.all([walletApi.serviceItems(), walletApi.applications()]);
      setItems(itemList.items);
      setMine(apps.items);
    } catch (err) {
      setError(walletError(err, t, session));
    }
  }, [t, session]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = async (item: ServiceItem) => {
    setBusyItem(item.id);
    setError(null);
    try {
      setCurrent(await walletApi.apply(item.id));
    } catch (err) {
      // One open application per item: continue the one awaiting confirmation.
      if (err instanceof ApiError && err.code === 'EVIDENCE_APPLICATION_OPEN') {
        try {
          const open = (await walletApi.applications()).items.find((a) => a.itemId === item.id && a.status === 'previewed');
          if (open) {
            setCurrent(await walletApi.application(open.id));
            return;
          }
        } catch {
          /* fall through to the original message */
        }
      }
      setError(walletError(err, t, session));
    } finally {
      setBusyItem(null);
    }
  };

  const open = async (id: string) => {
    setError(null);
    try {
      setCurrent(await walletApi.application(id));
    } catch (err) {
      setError(walletError(err, t, session));
    }
  };

  const closeCurrent = () => {
    setCurrent(null);
    void load();
  };

  if (current) return <ApplicationPanel application={current} onChange={setCurrent} onClose={closeCurrent} />;

  return (
    <div data-testid="wallet-services">
      <h2 style={{ fontSize: 18, margin: '4px 0 4px' }}>{t('wallet.services.title')}</h2>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('wallet.services.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {!items && !error && <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>}
      {items?.length === 0 && <Empty description={t('wallet.services.empty')} />}
      {items?.map((item) => (
        <div key={item.id} data-testid={`wallet-item-${item.code}`} style={{ background: '#fff', borderRadius: 8, padding: 12, marginBottom: 8 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
            <div style={{ minWidth: 0 }}>
              <div style={{ fontWeight: 600 }}>{item.name}</div>
              <div style={{ fontSize: 12, color: '#86909c' }}>{t('wallet.services.department')}：{item.orgName}</div>
            </div>
            <Button type="primary" loading={busyItem === item.id} disabled={!!busyItem && busyItem !== item.id} onClick={() => void apply(item)} data-testid="wallet-apply">
              {t('wallet.services.apply')}
            </Button>
          </div>
          <div style={{ fontSize: 12, color: '#4e5969', marginTop: 6 }}>
            {t('wallet.services.evidence')}：{item.evidence.map((e) => e.name).join('、')}
          </div>
        </div>
      ))}

      <h3 style={{ fontSize: 16, margin: '20px 0 8px' }}>{t('wallet.services.mine')}</h3>
      {mine?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallet.services.mineEmpty')} />}
      {mine?.map((a) => (
        <div key={a.id} data-testid="wallet-application-row" style={{ background: '#fff', borderRadius: 8, padding: 12, marginBottom: 8, display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <div style={{ minWidth: 0 }}>
            <div style={{ fontWeight: 500 }}>{a.itemName}</div>
            <div style={{ fontSize: 12, color: '#86909c' }}>{a.number} · {formatDateTime(a.submittedAt ?? a.previewedAt)}</div>
            <Tag color={APP_STATUS_COLORS[a.status]} style={{ marginTop: 4 }}>{t(`wallet.services.appStatus.${a.status}`)}</Tag>
            {a.status === 'submitted' && a.paperFree !== null && (
              <Tag color={a.paperFree ? 'green' : 'orange'} style={{ marginTop: 4 }}>{a.paperFree ? t('wallet.services.paperFree') : t('wallet.services.needPaperShort')}</Tag>
            )}
          </div>
          <Button size="small" onClick={() => void open(a.id)}>{t('wallet.services.open')}</Button>
        </div>
      ))}
    </div>
  );
}

function PieceView({ piece, declined, onToggle, editable }: { piece: EvidencePiece; declined: boolean; onToggle: (on: boolean) => void; editable: boolean }) {
  const { t } = useTranslation();
  const content = piece.content;
  return (
    <div data-testid={`wallet-piece-${piece.code}`} style={{ border: '1px solid #e5e6eb', borderRadius: 8, padding: 12, marginBottom: 8, background: declined ? '#fafafa' : '#fff' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ fontWeight: 600 }}>{piece.name}</div>
        {!editable && piece.released && <Tag color="green">{t('wallet.services.released')}</Tag>}
        {!editable && piece.paperRequired && <Tag color="orange">{t('wallet.services.needPaper', { names: piece.name })}</Tag>}
      </div>
      {piece.outcome === 'missing' ? (
        <div style={{ color: '#d46b08', fontSize: 13, marginTop: 4 }}>
          {piece.missingReason ? t('wallet.services.missing', { reason: piece.missingReason }) : t('wallet.services.missingPlain')}
        </div>
      ) : (
        content && (
          <div style={{ opacity: declined ? 0.5 : 1 }}>
            <div style={{ fontSize: 12, color: '#86909c', marginTop: 2 }}>{t('wallet.services.provider', { name: content.provider.name })}</div>
            {content.conclusion && <div style={{ fontSize: 13, marginTop: 4 }}>{t('wallet.services.conclusion', { text: content.conclusion })}</div>}
            {content.noRecord && <div style={{ fontSize: 13, marginTop: 4 }}>{t('wallet.services.noRecord')}</div>}
            {content.records.map((record, i) => (
              <div key={i} style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 2, fontSize: 13, marginTop: 6, paddingTop: i ? 6 : 0, borderTop: i ? '1px dashed #e5e6eb' : undefined }}>
                {content.fields.map((f) => (
                  <FieldRow key={f.code} label={f.name} value={formatValue(record[f.code] ?? null, t)} />
                ))}
              </div>
            ))}
          </div>
        )
      )}
      {editable && piece.outcome === 'fetched' && (
        <Checkbox checked={declined} onChange={(e) => onToggle(e.target.checked)} style={{ marginTop: 8 }} data-testid={`wallet-decline-${piece.code}`}>
          {t('wallet.services.decline')}
        </Checkbox>
      )}
    </div>
  );
}

function FieldRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <span style={{ color: '#86909c', whiteSpace: 'nowrap' }}>{label}</span>
      <span style={{ wordBreak: 'break-all' }}>{value}</span>
    </>
  );
}

function ApplicationPanel({ application, onChange, onClose }: { application: Application; onChange: (a: Application) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useWallet();
  const [declined, setDeclined] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);

  const run = async (action: () => Promise<Application>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await action());
      setChanged(false);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'EVIDENCE_SOURCE_CHANGED') setChanged(true);
      setError(walletError(err, t, session));
    } finally {
      setBusy(false);
    }
  };

  const confirm = () =>
    run(() => {
      const digests: Record<string, string> = {};
      for (const p of application.evidence) if (p.digest && !declined.has(p.code)) digests[p.code] = p.digest;
      return walletApi.confirm(application.id, { decline: [...declined], digests });
    });
  const previewAgain = () => run(() => walletApi.previewAgain(application.id)).then(() => setDeclined(new Set()));

  if (application.status !== 'previewed') {
    const paper = application.evidence.filter((p) => p.paperRequired).map((p) => p.name);
    return (
      <div data-testid="wallet-application-result" data-status={application.status}>
        <Result
          status={application.status === 'submitted' ? 'success' : 'info'}
          title={application.status === 'submitted' ? t('wallet.services.submitted') : t('wallet.services.cancelled')}
          subTitle={
            <>
              <div>{application.itemName}</div>
              <div>{t('wallet.services.submittedNumber', { number: application.number })}</div>
              {application.status === 'submitted' && (
                <div>{paper.length ? t('wallet.services.needPaper', { names: paper.join('、') }) : t('wallet.services.paperFree')}</div>
              )}
            </>
          }
          extra={<Button onClick={onClose}>{t('wallet.back')}</Button>}
          style={{ padding: '24px 0' }}
        />
        {application.evidence.map((p) => (
          <PieceView key={p.code} piece={p} declined={p.decision === 'declined'} onToggle={() => undefined} editable={false} />
        ))}
      </div>
    );
  }

  return (
    <div data-testid="wallet-preview">
      <Button type="link" onClick={onClose} style={{ paddingInline: 0 }}>{t('wallet.back')}</Button>
      <h2 style={{ fontSize: 17, margin: '4px 0' }}>{t('wallet.services.previewTitle', { name: application.itemName })}</h2>
      <div style={{ fontSize: 12, color: '#86909c', marginBottom: 4 }}>
        {application.orgName} · {t('wallet.services.previewedAt')} {formatDateTime(application.previewedAt)}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('wallet.services.previewHint')}</Typography.Paragraph>
      {application.evidence.map((p) => (
        <PieceView
          key={p.code}
          piece={p}
          editable
          declined={declined.has(p.code)}
          onToggle={(on) =>
            setDeclined((prev) => {
              const next = new Set(prev);
              if (on) next.add(p.code);
              else next.delete(p.code);
              return next;
            })
          }
        />
      ))}
      {error && (
        <Alert
          type={changed ? 'warning' : 'error'}
          showIcon
          message={changed ? t('wallet.services.sourceChanged') : error}
          description={changed ? error : undefined}
          action={changed ? <Button size="small" onClick={() => void previewAgain()} data-testid="wallet-preview-again">{t('wallet.services.previewAgain')}</Button> : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" block size="large" loading={busy} onClick={() => void confirm()} data-testid="wallet-confirm">
        {t('wallet.services.confirm')}
      </Button>
      <Button block style={{ marginTop: 8 }} disabled={busy} onClick={() => void run(() => walletApi.cancel(application.id))} data-testid="wallet-cancel-application">
        {t('wallet.services.cancel')}
      </Button>
    </div>
  );
}
