// The items (信息项) of a catalog entry, edited as rows of a table inside the entry form.
import { Button, Checkbox, Form, Input, InputNumber, Select, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ITEM_TYPES, MASK_RULES, SENSITIVITIES, type CatalogItem } from '../../types';
import { enumOptions } from './labels';

const ITEM_CODE = /^[a-z][a-z0-9_]{0,62}$/;

export const NEW_ITEM: Partial<CatalogItem> = {
  type: 'string',
  length: null,
  scale: null,
  required: false,
  key: false,
  sensitivity: 'internal',
  mask: 'none',
};

export default function CatalogItemsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <>
          <Table
            rowKey="key"
            size="small"
            dataSource={fields}
            pagination={false}
            scroll={{ x: 1200 }}
            locale={{ emptyText: t('catalog.noItems') }}
            data-testid="catalog-form-items"
            columns={[
              {
                title: t('catalog.itemCode'),
                key: 'code',
                width: 170,
                render: (_: unknown, field) => (
                  <Form.Item
                    name={[field.name, 'code']}
                    style={{ marginBottom: 0 }}
                    rules={[
                      { required: true, message: t('catalog.itemCodeRequired') },
                      { pattern: ITEM_CODE, message: t('catalog.itemCodeInvalid') },
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: string | undefined) => {
                          const items = (getFieldValue('items') ?? []) as Array<Partial<CatalogItem>>;
                          const dup = value && items.filter((i) => i?.code === value).length > 1;
                          return dup ? Promise.reject(new Error(t('catalog.itemCodeDuplicate'))) : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <Input placeholder="sfzhm" maxLength={63} data-testid={`catalog-item-code-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemName'),
                key: 'name',
                width: 180,
                render: (_: unknown, field) => (
                  <Form.Item
                    name={[field.name, 'name']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, whitespace: true, message: t('catalog.itemNameRequired') }]}
                  >
                    <Input maxLength={100} data-testid={`catalog-item-name-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemType'),
                key: 'type',
                width: 120,
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'type']} style={{ marginBottom: 0 }}>
                    <Select options={enumOptions(t, 'itemType', ITEM_TYPES)} data-testid={`catalog-item-type-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemLength'),
                key: 'length',
                width: 100,
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'length']} style={{ marginBottom: 0 }}>
                    <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} data-testid={`catalog-item-length-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemScale'),
                key: 'scale',
                width: 90,
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'scale']} style={{ marginBottom: 0 }}>
                    <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid={`catalog-item-scale-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemRequired'),
                key: 'required',
                width: 70,
                align: 'center',
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'required']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox data-testid={`catalog-item-required-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemKey'),
                key: 'key',
                width: 70,
                align: 'center',
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'key']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox data-testid={`catalog-item-key-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemSensitivity'),
                key: 'sensitivity',
                width: 120,
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'sensitivity']} style={{ marginBottom: 0 }}>
                    <Select options={enumOptions(t, 'sensitivity', SENSITIVITIES)} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemMask'),
                key: 'mask',
                width: 130,
                render: (_: unknown, field) => (
                  <Form.Item name={[field.name, 'mask']} style={{ marginBottom: 0 }}>
                    <Select options={enumOptions(t, 'mask', MASK_RULES)} />
                  </Form.Item>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 70,
                fixed: 'right',
                render: (_: unknown, field) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('catalog.removeItem')}
                    onClick={() => remove(field.name)}
                    data-testid={`catalog-item-remove-${field.name}`}
                  />
                ),
              },
            ]}
          />
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ...NEW_ITEM })} style={{ marginTop: 8 }} data-testid="catalog-item-add">
            {t('catalog.addItem')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
