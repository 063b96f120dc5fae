/* JSON views of SCS objects, shared by the API handlers and exports. */
#ifndef HOSHI_SCS_DETAIL_H
#define HOSHI_SCS_DETAIL_H

#include <yyjson.h>

#include "scs/scs.h"

void scs_assessment_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_assessment *a);
/* Adds everything about the assessment to o; evidence metadata only when with_evidence. */
hoshi_err scs_detail_json(sqlite3 *db, const scs_assessment *a, int with_evidence, yyjson_mut_doc *d, yyjson_mut_val *o,
                          hoshi_error *e);
void scs_evidence_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_evidence *ev);
void scs_rating_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_rating *r, time_t now);
void scs_item_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_item *it);

#endif
