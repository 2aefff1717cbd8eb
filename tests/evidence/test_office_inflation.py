"""An Office file is measured by what it really inflates to, as every zip the app opens."""

import pytest
from django.core.exceptions import ValidationError

from tests.evidence.conftest import upload
from tests.untrusted.zips import docx_bomb
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_add


def test_a_docx_declaring_2_kB_that_inflates_to_1_GiB_is_refused_naming_the_file(dong_vinh):
    result = dong_vinh.results.get(criterion__number=3)
    with pytest.raises(ValidationError) as error:
        evidence_add(result=result, user=None, files=[upload("bao-cao.docx", docx_bomb())])
    (message,) = error.value.messages
    assert message.startswith("Tệp 'bao-cao.docx' không được nhận: giải nén ra quá 200 MB")
    assert not EvidenceFile.objects.exists()
