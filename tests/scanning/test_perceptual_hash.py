"""The perceptual hash keeps the meaning of the hashes already stored.

Every expected value below was made by ImageHash 4.3.2 (``str(imagehash.phash(...))``,
SciPy's DCT) before the project dropped it; stored ``image_phash`` values and screenshot
fingerprints therefore still compare with new ones bit for bit.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from checkpoint_app.scanning.images import load_image
from checkpoint_app.scanning.perceptual_hash import hamming_distance, phash
from checkpoint_app.scanning.screenshot import is_same_image, read_codes
from tests.scanning.corpus import make_sample

SEED = 2022

# (page kind, variant, load_image(...).phash, read_codes(...).fingerprint) for
# make_sample(kind, variant, 0, SEED) written as BMP.
CORPUS_HASHES = (
    (
        "health",
        "clean",
        "ad251b1b646943f6",
        "a5f425d61b4b1b4b643468b44313f616b9c4a7d19739bb78b4c5e2476336741c.ca7f000d0579c7be",
    ),
    (
        "health",
        "wechat",
        "a9651e1e686953b6",
        "a1e125c71e9e1e56602969295216b613bdd0b3cc9779ab79a6f1e3066b967431.c976812308efd73c",
    ),
    (
        "health",
        "small",
        "a9251e1e697952b5",
        "a96125c71ed60e18692d78645256b497ab9c87719f71a96de796e3127039724d.d20787f663610d67",
    ),
    (
        "health",
        "crop",
        "e86895976a5a4eac",
        "e85068d095af972f6a1c5a345ee3ac6379c8690c676f5c737890769c16356963.d0c787dc03c56d66",
    ),
    (
        "health",
        "photo",
        "cb613c1e339661cd",
        "cb0f61e13cb41e9a334b961ce9c3cd3993646d699e9665639e143183cf3c30c7.e4d58c76855e4e8c",
    ),
    (
        "health_logo",
        "clean",
        "b5650e5b707846b5",
        "b17025d70ecf1b5c603578714297b596abd486719f79a9cca696e2137835704d.b247187c63585da7",
    ),
    (
        "health_logo",
        "wechat",
        "b4354b4f647943e4",
        "b47425c64bcb4b5b643438644343e493bdd69346b738ad79b6c3f3436336740c.e695418d03df8b53",
    ),
    (
        "health_logo",
        "small",
        "b5644f4b74344bc6",
        "b5f024d64f4f0b5974b034a44b46c61bb191bbf4976ccb58bdf0e62763073c90.f43499a5633a8a7c",
    ),
    (
        "health_logo",
        "crop",
        "eb6b1d1c6a7a1069",
        "eb9663131d281caa6ac7728310186116737ba47b93a59bc4871a971beb5be357.e01785b4264bc97f",
    ),
    (
        "health_logo",
        "photo",
        "cb36344d70c39a9b",
        "cb4f36da34b04da570f0c30d9ad39b13cb4f34d0cb0f34b4c70d30d89b2bcb4b.c2b7c95522789a3d",
    ),
    (
        "health_overlay",
        "clean",
        "b972c6c6763130ce",
        "b9a032a9c60bc60b66ac31ac30a9ceabceba49acd88f9acb3ce278a4d9abc99b.9ab5c3594116d7c3",
    ),
    (
        "health_overlay",
        "wechat",
        "f872d2d2667070da",
        "f8a972a9d20ed21a66ab70e970acdaaaccb26caad38f9a8b3cb36ca0c9ae928a.c59c42562e45b3de",
    ),
    (
        "health_overlay",
        "small",
        "ba72c2c6667031db",
        "faac72a8c202c60366a970ac71acdbaaceba4cebcccedb8a59b268b1c8aed0ce.b436c34c246686ff",
    ),
    (
        "health_overlay",
        "crop",
        "e856968669937876",
        "e87e167796a386ac6110932378707676878fed6c86e7b661725c685686676871.e09383353ccfc35a",
    ),
    (
        "health_overlay",
        "photo",
        "9643699c61346ddd",
        "961e43cb69619c3c619e34bc61d68cb56586c7538783cb4396b94b4b9e6c394e.84f7d21c217487be",
    ),
    (
        "travel",
        "clean",
        "b76c4a1f1d60609f",
        "b79b6cc64a641f381974608660879f709739e221ecc6bd93b991e24e664e3bf2.903b557bc952465d",
    ),
    (
        "travel",
        "wechat",
        "b76d4e1f1960609d",
        "b7d864924c241f7819366086608d99729779e639ece6bdd0b991e24e664e33f3.d89e071c12f38cd7",
    ),
    (
        "travel",
        "small",
        "b76d4e1b1b60609b",
        "b7da6cb44e641b581b3460c760c79b749379c231ece6bd90b991e24e664e3333.d19093cf1357aed0",
    ),
    (
        "travel",
        "crop",
        "e2969d299d9a8c95",
        "e29996a49d6669999d62da528de795626299a4da62b39b256aac93666d534c9a.d29402b50bfa37ce",
    ),
    (
        "travel",
        "photo",
        "9b716c9c25c363cc",
        "9b4b71e16cf09c3e25b4c31c63678ccb38f3663c30cc6db3cf33cd8d924c30c8.a6d612de21d6398e",
    ),
    (
        "nat",
        "clean",
        "b3b7c86272998c66",
        "b3ccb7ceccb36239720c99a68ca36619663999a699a66669ce6799a699a16629.cbe78074434f87c6",
    ),
    (
        "nat",
        "wechat",
        "b3b7c86272998c66",
        "b3ccb78eccb262b9728999a68ce36689669999a699a66229c83399a69bad5a33.c21f47e8104f9faa",
    ),
    (
        "nat",
        "small",
        "b7b3c86272998c66",
        "b7ccb38ec83262b9728999a68ce366c962bb99a698ee66e8d83399a298acce23.d4b533160548d7d7",
    ),
    (
        "nat",
        "crop",
        "9d1fc2c2c21f1f1c",
        "9de61fe6c219c219c2391ff01de218c31ce71ffe3fcee30ce011e033f823f803.8a5c94570dc26ede",
    ),
    (
        "nat",
        "photo",
        "cb433c3e343c3c36",
        "cb4b43e13cb43e1e34273c9a3c8f267236966dc992d06361c3d8c1c9cb78d367.c6345375ac568b65",
    ),
    (
        "payment",
        "clean",
        "e4a91b966469937a",
        "a444b9441bba961b64fb69ebd30e7a5c6ed669473b45b478943495869553a459.cf96201e1fc22d57",
    ),
    (
        "payment",
        "wechat",
        "a1ad0fc67038d26f",
        "b101bd010faec6fe70f878fed25e6f1f6bc7bb473b042538c43094fe9450b110.99bc61cf8744c4e5",
    ),
    (
        "payment",
        "small",
        "a4b41bc76439936e",
        "a454bc411bebc79e64be79bbd3796ace6fc7b9133a70246c850d93939490a444.c89764d483cf152f",
    ),
    (
        "payment",
        "crop",
        "f8ff078778d084e0",
        "f8bbffbf07d787567838d0888440e420901891d0a34e6f2b5db31cd76add8b87.83f66156938a15f6",
    ),
    (
        "payment",
        "photo",
        "d6163dc923676949",
        "d61e169c3d65c963234b671969724967658631899ada367a925a9939cde164e7.db1c613c8b542d6e",
    ),
    (
        "photo",
        "clean",
        "e929a9a5b192d25b",
        "e9ad296fa03ca587b1869201d2135b9f8a0b6f446eff2c9f6e40b7e4b4705781",
    ),
    (
        "photo",
        "wechat",
        "9bd9acdacaa4984a",
        "9b4bd9b8aca35afcda2ca4d2989a4a665915a65d8da74b2fa45393504dcc6726",
    ),
    (
        "photo",
        "small",
        "d2bcb05aa4b653a5",
        "d2e9bc4fb0a65a90a4a4b62053a8a5adf43f59e2bebca5d6ae0d67d066560455",
    ),
    (
        "photo",
        "crop",
        "ecfe8748848947b3",
        "ec06fed987b9588f84d2896d4f4fb32d219a63a294c53807ded08c272bc493e7",
    ),
    (
        "photo",
        "photo",
        "9f4e7191646d3133",
        "9f4f4a5271b2912564f06d8d31b0333cc64d666199c76587cb1ccf388e6f9993",
    ),
)
SYNTHETIC_HASHES = (
    (0, "bec01b08ddc46d6d", "bef6c08f0b31089c511cc0376d946df4ec7047441ad552803799e271dabf7efc"),
    (1, "a84beda6f5553680", "880acb44ed4fa7aa7dc0dd367e90829e79a3785cb230dc474b981ddab3dccc84"),
    (2, "8bc2434739d933ba", "8b19c26d63c6479b395ad9ce7311ba1b096dcc13b836fae1f1ab89e2b848e849"),
    (3, "960b1dddfc440567", "96950b280dc59d3564dc44b4046a6352675edaef9c2d41f50f652437bea6f761"),
    (4, "828a003bb6fb997b", "8a08d90c04b723f4ae85fb3099f17f38916a039498ab2d86571a7ecf2bd2f5b6"),
    (5, "e2f0513ebe90467a", "e0def05a51283c76beee90fd46da6abb18efc16d64a17d088e40461f78a7868c"),
    (6, "fe789d742091e662", "de03789789d874e120339174a63d62d02f4b63b3c73861d710cadf20dffe5463"),
    (7, "a8ba06f3e44b12bd", "a828b9130617d3e5c44f494402efb9a5224b09fb10cfe07dea33c59fad3c7aab"),
    (8, "b5f654209a959ad5", "b4bab6b754b420db9ae115ef1852d484a563b925e84b2ea77d2c4118813dff4d"),
    (9, "a2f70961318beb4d", "a202f7c3094d618e115183b8e2e44d82792bf57f30bddf7033224a37d8ffc693"),
    (10, "a83208767fb1dea2", "a82032e8018c76e97b29b9b8defcaa732aca694e8e7e050141b0ba7ef195deb3"),
    (11, "f275f11c83279b48", "dcc61b19d1e3083f93c1003f8fc36815e4961c96f1bb36b4113b396bc04fdaf5"),
)


def _bmp(image: npt.NDArray[np.uint8]) -> bytes:
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return encoded.tobytes()


def _synthetic(i: int) -> npt.NDArray[np.uint8]:
    """Noise, noisy ramps and blurred noise of random sizes (8–300 px a side)."""
    rng = np.random.default_rng([2022, i])
    h, w = (int(x) for x in rng.integers(8, 300, size=2))
    if i % 3 == 0:
        return rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    if i % 3 == 1:
        ramp = np.linspace(0, 255, w)[None, :, None] * np.ones((h, 1, 3)) * rng.random(3)
        return (ramp + rng.integers(0, 20, size=ramp.shape)).clip(0, 255).astype(np.uint8)
    blurred = cv2.GaussianBlur(rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8), (0, 0), 5)
    return np.asarray(blurred, dtype=np.uint8)


@pytest.mark.parametrize(("index", "hash_8", "hash_16"), SYNTHETIC_HASHES)
def test_phash_is_bit_identical_to_the_stored_imagehash_values(
    index: int, hash_8: str, hash_16: str
) -> None:
    image = Image.fromarray(_synthetic(index))
    assert phash(image) == hash_8
    assert phash(image, hash_size=16) == hash_16


@pytest.mark.parametrize(("kind", "variant", "image_phash", "fingerprint"), CORPUS_HASHES)
def test_screenshots_hash_as_they_did_before(
    kind: str, variant: str, image_phash: str, fingerprint: str
) -> None:
    data = _bmp(make_sample(kind, variant, 0, SEED).image)
    assert load_image(data).phash == image_phash
    new_fingerprint = read_codes(data).fingerprint
    assert new_fingerprint == fingerprint
    assert is_same_image(new_fingerprint, fingerprint)


def test_a_blank_image_hashes_like_imagehash_did() -> None:
    # All AC coefficients are zero: only the DC term lies above the median.
    white = Image.new("RGB", (60, 50), (255, 255, 255))
    assert phash(white) == "8000000000000000"
    assert phash(Image.new("L", (10, 10), 0)) == "0000000000000000"


def test_hamming_distance_counts_differing_bits() -> None:
    assert hamming_distance("ad251b1b646943f6", "ad251b1b646943f6") == 0
    assert hamming_distance("0000000000000000", "000000000000000f") == 4
    assert hamming_distance("8000000000000000", "0000000000000001") == 2


@pytest.mark.parametrize(("a", "b"), [("", ""), ("zz", "zz"), ("ab", "abc"), ("0x1f", "0x1f")])
def test_hamming_distance_refuses_what_is_not_a_pair_of_hashes(a: str, b: str) -> None:
    with pytest.raises(ValueError):
        hamming_distance(a, b)


def test_a_hash_size_below_two_is_refused() -> None:
    with pytest.raises(ValueError):
        phash(Image.new("L", (8, 8)), hash_size=1)
