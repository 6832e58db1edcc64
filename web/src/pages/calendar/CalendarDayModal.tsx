import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../format';
import { FIRST_YEAR, LAST_YEAR, MAX_DAYS_AT_ONCE, putCalendarDay, type CalendarDay } from './calendarApi';

type Kind = 'holiday' | 'makeup';

interface FormValues {
  range?: [Dayjs, Dayjs];
  kind: Kind;
  name: string;
}

export interface CalendarDayModalProps {
  open: boolean;
  /** The year on screen: the date picker opens there. */
  year: number;
  /** The day being edited, or null to add days. */
  editing: CalendarDay | null;
  onClose: () => void;
  /**
   * Called once days were saved, so the list can reload: `complete` when all were, false when a later day
   * failed (the modal then stays open with the error).
   */
  onSaved: (count: number, complete: boolean) => void;
}

/** Every day from `start` to `end`, both included, as `YYYY-MM-DD`. */
function daysBetween(start: Dayjs, end: Dayjs): string[] {
  const days: string[] = [];
  for (let d = start.startOf('day'); !d.isAfter(end, 'day'); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
  return days;
}

/**
 * Adds a run of days (a whole holiday period, weekends included, or one make-up working day) with one name,
 * or changes one day's entry. Each day is one PUT: the server audits every day on its own.
 */
export default function CalendarDayModal({ open, year, editing, onClose, onSaved }: CalendarDayModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    const days = editing ? [editing.day] : values.range ? daysBetween(values.range[0], values.range[1]) : [];
    const body = { workday: values.kind === 'makeup', name: values.name.trim() };
    setSaving(true);
    setError(null);
    let saved = 0;
    try {
      for (const day of days) {
        try {
          await putCalendarDay(day, body);
        } catch (err) {
          setError(saved > 0 || days.length > 1 ? t('calendar.partialFailed', { saved, day, error: errorText(err, t) }) : errorText(err, t));
          if (saved > 0) onSaved(saved, false);
          return;
        }
        saved += 1;
      }
      onSaved(saved, true);
    } finally {
      setSaving(false);
    }
  };

  const initialValues: Partial<FormValues> = editing
    ? { kind: editing.workday ? 'makeup' : 'holiday', name: editing.name }
    : { kind: 'holiday' };

  return (
    <Modal
      open={open}
      title={editing ? t('calendar.editTitle', { day: editing.day }) : t('calendar.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'calendar-form-submit' }}
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="calendar-form-error" />}
      <Form<FormValues> form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {editing ? (
          <Form.Item label={t('calendar.day')}>
            <Typography.Text strong>
              {editing.day} {dayjs(editing.day).format('dddd')}
            </Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="range"
            label={t('calendar.days')}
            extra={t('calendar.daysHint')}
            rules={[
              { required: true, message: t('calendar.daysRequired') },
              {
                validator: async (_, value?: [Dayjs, Dayjs]) => {
                  if (value && value[1].diff(value[0], 'day') + 1 > MAX_DAYS_AT_ONCE) throw new Error(t('calendar.tooManyDays'));
                },
              },
            ]}
          >
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-02-01`)]}
              disabledDate={(d) => d.year() < FIRST_YEAR || d.year() > LAST_YEAR}
              data-testid="calendar-form-range"
            />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('calendar.type')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'holiday', label: t('calendar.holiday') },
              { value: 'makeup', label: t('calendar.makeup') },
            ]}
            data-testid="calendar-form-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('calendar.name')}
          rules={[
            { required: true, whitespace: true, message: t('calendar.nameRequired') },
            { max: 20, message: t('calendar.name20') },
          ]}
        >
          <Input maxLength={20} showCount placeholder={t('calendar.namePlaceholder')} data-testid="calendar-form-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
