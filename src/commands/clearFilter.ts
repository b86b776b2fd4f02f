// One click back to the unfiltered tree (shown in the view title only while a filter is on).
import { NO_FILTER } from '../explorer/filter';
import type { QboCommand } from './types';

export const clearFilter: QboCommand = {
  id: 'qbo.clearFilter',
  run(context) {
    context.model.setFilter(NO_FILTER);
  },
};
