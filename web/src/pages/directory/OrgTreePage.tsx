import { useEffect } from 'react';
import { Alert, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorText } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';
import OrgDetailPanel from './OrgDetailPanel';
import OrgTreePanel from './OrgTreePanel';

export default function OrgTreePage() {
  const { t } = useTranslation();
  const { data: tree, error, loading, reload } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('org') ?? undefined;

  const select = (id: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('org', id);
        return next;
      },
      { replace: true },
    );

  // Nothing selected yet (or a stale id): start with the first root.
  useEffect(() => {
    if (!tree || tree.length === 0) return;
    if (!selectedId) {
      const first = tree[0];
      if (first) select(first.id);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tree, selectedId]);

  return (
    <>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={16} wrap>
        <Col xs={24} lg={9} xl={8} xxl={7} style={{ marginBottom: 16 }}>
          <OrgTreePanel tree={tree} loading={loading} selectedId={selectedId} onSelect={select} />
        </Col>
        <Col xs={24} lg={15} xl={16} xxl={17}>
          <OrgDetailPanel
            orgId={selectedId}
            onOrgCreated={(org) => {
              reload();
              select(org.id);
            }}
          />
        </Col>
      </Row>
    </>
  );
}
